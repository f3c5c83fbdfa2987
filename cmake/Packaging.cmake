# What running needs, and how it is installed and packaged (cmake/InstallDirs.cmake has the paths).
#   roi-run:           the targets `make run` builds (host, worker, in-tree connectors, platform
#                      simulator); tests, tools and benchmarks are built by `make test` (all).
#   component host:    roi-host, the worker, the connectors, the migrations, /etc/roi/roi.yaml,
#                      the nginx site, the systemd unit: the Debian package roi-host.
#   component sdk:     the SDK's own install rules (sdk/CMakeLists.txt): roi-sdk-dev.
# `cpack` in the build folder makes both packages (tests/packaging/debian_packages.sh checks them).

# The connectors built from connectors/*/ (the SDK example is built for `make run` only).
set(ROI_CONNECTOR_TARGETS "")
file(GLOB roi_connector_dirs LIST_DIRECTORIES true ${PROJECT_SOURCE_DIR}/connectors/*)
foreach(dir IN LISTS roi_connector_dirs)
  if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/CMakeLists.txt)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    list(APPEND ROI_CONNECTOR_TARGETS ${targets})
  endif()
endforeach()

add_custom_target(roi-run)
add_dependencies(roi-run roi-host roi-connector-worker roi-platform-sim example_connector
  ${ROI_CONNECTOR_TARGETS})

# roi_replace_once(<var> <regex> <replacement>): like string(REGEX REPLACE), but a pattern that no
# longer matches (its source file changed) fails the configure instead of shipping a wrong file.
function(roi_replace_once var regex replacement)
  if(NOT "${${var}}" MATCHES "${regex}")
    message(FATAL_ERROR "Packaging: '${regex}' not found while rendering an installed file")
  endif()
  string(REGEX REPLACE "${regex}" "${replacement}" out "${${var}}")
  set(${var} "${out}" PARENT_SCOPE)
endfunction()

set(roi_pkg_dir ${CMAKE_BINARY_DIR}/packaging)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/conf/roi.yaml ${PROJECT_SOURCE_DIR}/nginx/roi.conf.in)

# /etc/roi/roi.yaml: the tree's conf/roi.yaml with its repository-relative paths made the
# installed ones.
set(roi_socket ${ROI_INSTALL_RUNDIR}/roi-host.sock)
set(roi_reports ${ROI_INSTALL_STATEDIR}/reports)
file(READ ${PROJECT_SOURCE_DIR}/conf/roi.yaml roi_yaml)
roi_replace_once(roi_yaml "\n(  socket: *)run/roi-host.sock" "\n\\1${roi_socket}")
roi_replace_once(roi_yaml "\n(  migrations_dir: *)sql" "\n\\1${ROI_DEFAULT_MIGRATIONS_DIR}")
roi_replace_once(roi_yaml "\n(  dir: *)run/plugins *#[^\n]*"
  "\n\\1${ROI_DEFAULT_PLUGINS_DIR}  # ROI_PLUGINS_DIR; every *.so here is a connector")
roi_replace_once(roi_yaml "\n(  folder: *)reports" "\n\\1${roi_reports}")
file(WRITE ${roi_pkg_dir}/roi.yaml "${roi_yaml}")

# The nginx site: the http block of nginx/roi.conf.in (the one `make run` and the tests use),
# without the nginx process's own paths, listening on port 80 for the installed host.
file(READ ${PROJECT_SOURCE_DIR}/nginx/roi.conf.in roi_site)
string(FIND "${roi_site}" "\nhttp {\n" roi_http_begin)
string(FIND "${roi_site}" "\n}" roi_http_end REVERSE)
if(roi_http_begin LESS 0 OR roi_http_end LESS roi_http_begin)
  message(FATAL_ERROR "Packaging: no http block in nginx/roi.conf.in")
endif()
math(EXPR roi_http_begin "${roi_http_begin} + 8")
math(EXPR roi_http_length "${roi_http_end} - ${roi_http_begin}")
string(SUBSTRING "${roi_site}" ${roi_http_begin} ${roi_http_length} roi_site)
string(REGEX REPLACE "  (access_log|[a-z_]+_temp_path) [^\n]*\n" "" roi_site "${roi_site}")
roi_replace_once(roi_site "listen 127.0.0.1:@HTTP_PORT@ reuseport;" "listen 80;")
roi_replace_once(roi_site "@FCGI_SOCKET@" "${roi_socket}")
roi_replace_once(roi_site "@FCGI_KEEPALIVE@" "32")
roi_replace_once(roi_site "@REPORTS_DIR@" "${roi_reports}")
roi_replace_once(roi_site "@NGINX_DIR@" "${CMAKE_INSTALL_PREFIX}/${ROI_INSTALL_NGINXDIR}")
roi_replace_once(roi_site "@WEB_ROOT@" "${CMAKE_INSTALL_PREFIX}/${ROI_INSTALL_WEBDIR}")
if(roi_site MATCHES "@[A-Z_]+@")
  message(FATAL_ERROR "Packaging: nginx/roi.conf.in has a placeholder the site does not fill: ${CMAKE_MATCH_0}")
endif()
file(WRITE ${roi_pkg_dir}/roi-site.conf
  "# ROI Host behind nginx (from nginx/roi.conf.in). Enable it with\n"
  "#   ln -s ${CMAKE_INSTALL_PREFIX}/${ROI_INSTALL_NGINXDIR}/roi-site.conf /etc/nginx/sites-enabled/roi\n"
  "# (and remove the default site, which also listens on port 80).\n${roi_site}\n")

# The systemd unit and the maintainer scripts.
configure_file(${PROJECT_SOURCE_DIR}/packaging/roi-host.service.in ${roi_pkg_dir}/roi-host.service @ONLY)
foreach(script postinst prerm)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/${script}.in ${roi_pkg_dir}/control/${script} @ONLY
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
file(WRITE ${roi_pkg_dir}/control/conffiles
  "${ROI_INSTALL_CONFDIR}/roi.yaml\n${ROI_INSTALL_CONFDIR}/roi.env\n")

install(TARGETS roi-host RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT host)
install(TARGETS roi-connector-worker RUNTIME DESTINATION ${ROI_INSTALL_WORKERDIR} COMPONENT host)
install(TARGETS ${ROI_CONNECTOR_TARGETS} LIBRARY DESTINATION ${ROI_INSTALL_CONNECTORDIR} COMPONENT host)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sql/ DESTINATION ${ROI_INSTALL_SQLDIR} COMPONENT host
  FILES_MATCHING PATTERN "*.sql")
install(FILES ${roi_pkg_dir}/roi.yaml DESTINATION ${ROI_INSTALL_CONFDIR} COMPONENT host)
# Secrets (DATABASE_URL, JWT_SECRET, TOKEN_ENCRYPTION_KEY): the unit reads them from here.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/roi.env DESTINATION ${ROI_INSTALL_CONFDIR}
  PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ COMPONENT host)
install(FILES ${roi_pkg_dir}/roi-site.conf ${PROJECT_SOURCE_DIR}/nginx/fastcgi.conf
  DESTINATION ${ROI_INSTALL_NGINXDIR} COMPONENT host)
install(FILES ${roi_pkg_dir}/roi-host.service DESTINATION lib/systemd/system COMPONENT host)

# cpack (and `cmake --install`) package what is built, without first building everything (the
# tests among it): `make package` builds the run's targets and roi-connector-check, `make test` all.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME roi)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "ROI Host maintainers <roi-host@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Marketing ROI dashboard backend")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL host sdk)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_HOST_PACKAGE_NAME roi-host)
set(CPACK_DEBIAN_HOST_PACKAGE_SECTION web)
set(CPACK_DEBIAN_HOST_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_HOST_PACKAGE_DEPENDS "adduser, fonts-dejavu-core")
set(CPACK_DEBIAN_HOST_PACKAGE_RECOMMENDS "nginx-light | nginx, postgresql")
set(CPACK_DEBIAN_HOST_PACKAGE_CONTROL_EXTRA
  ${roi_pkg_dir}/control/postinst ${roi_pkg_dir}/control/prerm ${roi_pkg_dir}/control/conffiles)
set(CPACK_DEBIAN_HOST_DESCRIPTION
  "ROI Host: the FastCGI backend of the marketing ROI dashboard\nThe host (a systemd service behind nginx), its connector worker, the Google Ads, Meta,\nShopify and Stripe connectors, the database migrations, /etc/roi/roi.yaml and the nginx site.")

set(CPACK_DEBIAN_SDK_PACKAGE_NAME roi-sdk-dev)
set(CPACK_DEBIAN_SDK_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_SDK_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_SDK_PACKAGE_DEPENDS "cmake (>= 3.25), g++ (>= 4:12), libssl-dev")
set(CPACK_DEBIAN_SDK_DESCRIPTION
  "ROI Host connector SDK\nHeaders, the helper library, the CMake package (find_package(RoiSdk)), the connector\ntemplate and example, and the acceptance tool roi-connector-check.")
include(CPack)
