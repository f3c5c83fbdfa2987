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

template <typename T, typename Fn, typename... Args>
Outcome<T> ConnectorLibrary::fill(Fn sdk::abi::ConnectorApi::*fn, Args&... args) {
  Outcome<T> out;
  (api_->*fn)(instance_, args..., out.value, out.status);
  return out;
}

Outcome<sdk::Description> ConnectorLibrary::describe() {
  return fill<sdk::Description>(&sdk::abi::ConnectorApi::describe);
}

Outcome<sdk::OAuthStart> ConnectorLibrary::start_oauth(sdk::HostServices& host,
                                                       const sdk::OAuthStartRequest& r) {
  return fill<sdk::OAuthStart>(&sdk::abi::ConnectorApi::start_oauth, host, r);
}

Outcome<sdk::Credentials> ConnectorLibrary::finish_oauth(sdk::HostServices& host,
                                                         const sdk::OAuthFinishRequest& r) {
  return fill<sdk::Credentials>(&sdk::abi::ConnectorApi::finish_oauth, host, r);
}

Outcome<sdk::Credentials> ConnectorLibrary::connect_form(sdk::HostServices& host,
                                                         const sdk::FormConnectRequest& r) {
  return fill<sdk::Credentials>(&sdk::abi::ConnectorApi::connect_form, host, r);
}

sdk::Status ConnectorLibrary::check(sdk::HostServices& host, const sdk::Credentials& credentials) {
  sdk::Status status;
  api_->check(instance_, host, credentials, status);
  return status;
}

Outcome<std::vector<sdk::Account>> ConnectorLibrary::list_accounts(
    sdk::HostServices& host, const sdk::Credentials& credentials) {
  return fill<std::vector<sdk::Account>>(&sdk::abi::ConnectorApi::list_accounts, host, credentials);
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
