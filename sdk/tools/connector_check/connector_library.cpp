#include "connector_library.hpp"

#include <dlfcn.h>

namespace roi::connector_check {
namespace {

std::string dl_error() {
  const char* e = dlerror();
  return e ? e : "unknown dlopen error";
}

template <typename Fn>
Fn* symbol(void* handle, const char* name) {
  // dlsym hands back data pointers; POSIX guarantees they convert to function pointers.
  return reinterpret_cast<Fn*>(dlsym(handle, name));
}

}  // namespace

std::unique_ptr<ConnectorLibrary> ConnectorLibrary::open(const std::string& path) {
  // RTLD_NOW: unresolved symbols fail here, as they fail the host's load.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw LoadFailure("not a loadable library: " + dl_error());
  auto library = std::make_unique<ConnectorLibrary>(handle);
  auto* abi = symbol<sdk::abi::AbiVersionFn>(handle, sdk::abi::kAbiVersionSymbol);
  if (!abi) {
    throw LoadFailure(std::string("not a connector: it exports no ") + sdk::abi::kAbiVersionSymbol);
  }
  library->abi_ = abi();
  return library;
}

ConnectorLibrary::~ConnectorLibrary() {
  if (instance_) api_->destroy(instance_);
  dlclose(handle_);
}

void ConnectorLibrary::bind() {
  if (abi_ != sdk::kAbiVersion) {
    throw LoadFailure("built for SDK ABI " + std::to_string(abi_) +
                      ", this SDK and its host speak ABI " + std::to_string(sdk::kAbiVersion));
  }
  auto* table = symbol<sdk::abi::ConnectorApiFn>(handle_, sdk::abi::kConnectorApiSymbol);
  if (!table) throw LoadFailure("not a connector: it exports no connector table");
  api_ = table();
  if (!api_ || !api_->create || !api_->destroy || !api_->describe) {
    throw LoadFailure("the connector table is incomplete");
  }
}

sdk::Status ConnectorLibrary::create() {
  sdk::Status status;
  instance_ = api_->create(status);
  if (status.ok() && !instance_)
    status = {sdk::ErrorKind::Fault, "the connector created no instance", {}};
  return status;
}

Outcome<sdk::Description> ConnectorLibrary::describe() {
  Outcome<sdk::Description> out;
  api_->describe(instance_, out.value, out.status);
  return out;
}

Outcome<sdk::OAuthStart> ConnectorLibrary::start_oauth(sdk::HostServices& host,
                                                       const sdk::OAuthStartRequest& r) {
  Outcome<sdk::OAuthStart> out;
  api_->start_oauth(instance_, host, r, out.value, out.status);
  return out;
}

Outcome<sdk::Credentials> ConnectorLibrary::finish_oauth(sdk::HostServices& host,
                                                         const sdk::OAuthFinishRequest& r) {
  Outcome<sdk::Credentials> out;
  api_->finish_oauth(instance_, host, r, out.value, out.status);
  return out;
}

Outcome<sdk::Credentials> ConnectorLibrary::connect_form(sdk::HostServices& host,
                                                         const sdk::FormConnectRequest& r) {
  Outcome<sdk::Credentials> out;
  api_->connect_form(instance_, host, r, out.value, out.status);
  return out;
}

sdk::Status ConnectorLibrary::check(sdk::HostServices& host, const sdk::Credentials& credentials) {
  sdk::Status status;
  api_->check(instance_, host, credentials, status);
  return status;
}

Outcome<std::vector<sdk::Account>> ConnectorLibrary::list_accounts(
    sdk::HostServices& host, const sdk::Credentials& credentials) {
  Outcome<std::vector<sdk::Account>> out;
  api_->list_accounts(instance_, host, credentials, out.value, out.status);
  return out;
}

sdk::Status ConnectorLibrary::sync(sdk::HostServices& host, const sdk::SyncRequest& r,
                                   sdk::RecordSink& sink) {
  sdk::Status status;
  api_->sync(instance_, host, r, sink, status);
  return status;
}

sdk::Status ConnectorLibrary::sync_orders(sdk::HostServices& host, const sdk::SyncRequest& r,
                                          sdk::RecordSink& sink) {
  sdk::Status status;
  api_->sync_orders(instance_, host, r, sink, status);
  return status;
}

}  // namespace roi::connector_check
