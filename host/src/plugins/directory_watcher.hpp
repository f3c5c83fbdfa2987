// Watches the plugins folder with inotify and reports, on its own thread, each library file
// that was written or renamed in (changed) and each one removed or renamed away (gone).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <thread>

namespace roi::plugins {

class DirectoryWatcher {
 public:
  enum class Change { Written, Removed, Rescan };  // Rescan: events were lost, look at everything
  using Callback = std::function<void(Change change, const std::string& file_name)>;

  // Throws std::runtime_error when the folder cannot be watched.
  DirectoryWatcher(const std::filesystem::path& dir, Callback callback);
  ~DirectoryWatcher();  // stops and joins the thread
  DirectoryWatcher(const DirectoryWatcher&) = delete;
  DirectoryWatcher& operator=(const DirectoryWatcher&) = delete;

  // The files the host considers: "<name>.so", not hidden (writers use hidden temporary names).
  static bool is_library_name(const std::string& name);

 private:
  void run();

  Callback callback_;
  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  std::thread thread_;
};

}  // namespace roi::plugins
