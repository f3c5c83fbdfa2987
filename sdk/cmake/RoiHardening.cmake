# roi_harden(<target>...): the exploit mitigations every ROI binary carries, in one place: stack
# protector, _FORTIFY_SOURCE (optimised builds only; not with sanitizers, which replace the libc
# checks), position independent code and PIE executables, full RELRO with immediate binding.
# roi_harden_directory(<dir>) applies it to every target defined in <dir> and below; the ROI Host
# tree and a standalone SDK build call it once at the end of their top-level CMakeLists.txt, and
# roi_sdk_add_connector() applies it to each connector (in the tree and for third parties).
# tests/hardening checks the built binaries.
include_guard(GLOBAL)
include(CheckPIESupported)
check_pie_supported(LANGUAGES CXX)

function(roi_harden)
  # Level 3 (glibc 2.34+, GCC 12+) also checks sizes known only at run time; older glibc reads
  # it as 2.
  set(fortify 2)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12)
    set(fortify 3)
  endif()
  foreach(target IN LISTS ARGN)
    get_target_property(type ${target} TYPE)
    get_target_property(imported ${target} IMPORTED)
    get_target_property(done ${target} ROI_HARDENED)
    if(imported OR done OR NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
      continue()
    endif()
    set_target_properties(${target} PROPERTIES ROI_HARDENED ON POSITION_INDEPENDENT_CODE ON)
    target_compile_options(${target} PRIVATE -fstack-protector-strong)
    if(NOT ROI_SANITIZE)
      # glibc's checks need the optimiser; a Debug (-O0) build would only warn.
      set(optimised "$<CONFIG:Release,RelWithDebInfo,MinSizeRel>")
      target_compile_options(${target} PRIVATE "$<${optimised}:-U_FORTIFY_SOURCE>"
        "$<${optimised}:-D_FORTIFY_SOURCE=${fortify}>")
    endif()
    if(type MATCHES "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY)$")
      target_link_options(${target} PRIVATE -Wl,-z,relro,-z,now)
    endif()
    if(type STREQUAL "EXECUTABLE")
      target_link_options(${target} PRIVATE -pie)
    endif()
  endforeach()
endfunction()

function(roi_harden_directory dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  roi_harden(${targets})
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    roi_harden_directory(${sub})
  endforeach()
endfunction()
