# roi_sdk_add_connector(<target> SOURCES <files>... [OUTPUT_DIRECTORY <dir>]): builds one
# connector plugin the way the host expects it: a module named <target>.so with only the SDK's
# two entry symbols visible, no unresolved symbols, unloadable by dlclose, and hardened
# (RoiHardening.cmake).
function(roi_sdk_add_connector target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "roi_sdk_add_connector(${target}) needs SOURCES")
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE roi::sdk_helpers)
  target_compile_features(${target} PRIVATE cxx_std_20)
  # Hidden by default: one plugin's symbols must never shadow another's (or the host's).
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # STB_GNU_UNIQUE symbols (statics in inline functions and templates) make glibc refuse to
    # unload the library; without them dlclose really unmaps the old version after a swap.
    target_compile_options(${target} PRIVATE -fno-gnu-unique)
  endif()
  # Missing symbols fail the build, not the host's load; static dependencies stay private.
  target_link_options(${target} PRIVATE -Wl,-z,defs -Wl,--exclude-libs,ALL)
  roi_harden(${target})
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  endif()
endfunction()
