// Readiness reports to a service manager (systemd's Type=notify protocol, sd_notify(3)).
#pragma once

#include <string_view>

namespace roi::app {

// Sends `state` (e.g. "READY=1") as one datagram to the socket NOTIFY_SOCKET names (a path, or
// an abstract name starting with '@'). Without NOTIFY_SOCKET it does nothing; a failed send is
// returned as false and otherwise ignored: the manager's view is not worth stopping the host for.
bool notify_service_manager(std::string_view state);

}  // namespace roi::app
