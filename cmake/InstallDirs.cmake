# Where `cmake --install` and the Debian packages put things. roi-host's defaults are derived
# from these at build time, so an installed host finds its configuration, migrations, connectors
# and worker wherever it is started from. A system service: the prefix is /usr unless given.
# (A build folder configured before this rule has CMake's /usr/local cached: moved once too.)
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT OR
   (NOT DEFINED ROI_INSTALL_PREFIX_SET AND CMAKE_INSTALL_PREFIX STREQUAL "/usr/local"))
  set(CMAKE_INSTALL_PREFIX /usr CACHE PATH "Install prefix" FORCE)
endif()
set(ROI_INSTALL_PREFIX_SET ON CACHE INTERNAL "")
include(GNUInstallDirs)

set(ROI_INSTALL_CONNECTORDIR lib/roi/connectors)             # the connectors: the default plugins.dir
set(ROI_INSTALL_WORKERDIR ${CMAKE_INSTALL_LIBEXECDIR}/roi)   # roi-connector-worker
set(ROI_INSTALL_SQLDIR ${CMAKE_INSTALL_DATADIR}/roi/sql)     # the migrations
set(ROI_INSTALL_NGINXDIR ${CMAKE_INSTALL_DATADIR}/roi/nginx) # the nginx site and its fastcgi.conf
set(ROI_INSTALL_WEBDIR ${CMAKE_INSTALL_DATADIR}/roi/web)     # the dashboard page nginx serves at /
set(ROI_INSTALL_CONFDIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/roi) # roi.yaml (absolute: /etc/roi)
set(ROI_INSTALL_STATEDIR ${CMAKE_INSTALL_FULL_LOCALSTATEDIR}/lib/roi) # report PDFs (/var/lib/roi)
set(ROI_INSTALL_RUNDIR /run/roi)                             # the FastCGI socket (systemd's)

# The host's compiled-in defaults (host/src/config/install_dirs.cpp).
set(ROI_DEFAULT_CONFIG ${ROI_INSTALL_CONFDIR}/roi.yaml)
set(ROI_DEFAULT_MIGRATIONS_DIR ${CMAKE_INSTALL_PREFIX}/${ROI_INSTALL_SQLDIR})
set(ROI_DEFAULT_PLUGINS_DIR ${CMAKE_INSTALL_PREFIX}/${ROI_INSTALL_CONNECTORDIR})
set(ROI_DEFAULT_WORKER_PATH ${CMAKE_INSTALL_PREFIX}/${ROI_INSTALL_WORKERDIR}/roi-connector-worker)
# The same as compile definitions of host/src/config/install_dirs.cpp, the one file that says.
set(ROI_DEFAULT_DEFINITIONS ROI_DEFAULT_CONFIG="${ROI_DEFAULT_CONFIG}"
  ROI_DEFAULT_MIGRATIONS_DIR="${ROI_DEFAULT_MIGRATIONS_DIR}"
  ROI_DEFAULT_PLUGINS_DIR="${ROI_DEFAULT_PLUGINS_DIR}" ROI_DEFAULT_WORKER_PATH="${ROI_DEFAULT_WORKER_PATH}")
