# CPack packages of lapce-ai, included from the top-level CMakeLists.txt after every install
# rule: DEB, RPM and TGZ on Linux, a DragNDrop disk image on macOS, an NSIS installer on Windows.
#   cpack --config build/CPackConfig.cmake [-G DEB|RPM|TGZ|DragNDrop|NSIS]
# Each platform's settings are made on that platform only, so the other generators' variables
# never reach its CPackConfig.cmake.

cmake_path(GET CMAKE_CURRENT_LIST_DIR PARENT_PATH lapce_ai_packaging_dir)
cmake_path(GET lapce_ai_packaging_dir PARENT_PATH lapce_ai_source_dir)

set(CPACK_PACKAGE_NAME lapce-ai)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "lapce-ai")
set(LAPCE_AI_PACKAGE_MAINTAINER "lapce-ai developers" CACHE STRING
    "Maintainer of the packages (Debian Maintainer, RPM Packager): \"Name <email>\"")
set(CPACK_PACKAGE_CONTACT "${LAPCE_AI_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "AI core of the Lapce editor's coding agent")
set(CPACK_PACKAGE_DESCRIPTION
    "A native C++20 / Qt 6 engine for the AI core of the Lapce editor's coding agent: \
lapce-ai-service, the service started on login that editors talk to over a per-user local \
socket and shared memory (system prompts, code definitions with tree-sitter, provider \
streaming), lapce-ai, its command-line client, and lapce-ai-monitor, live charts and a tray icon.")
# No LICENSE file of its own: the texts and grammars carried into the programs are Apache-2.0 and
# MIT (resources/NOTICE, installed with the documents).
set(LAPCE_AI_PACKAGE_LICENSE "Apache-2.0 AND MIT")
set(CPACK_RESOURCE_FILE_LICENSE ${lapce_ai_source_dir}/resources/NOTICE)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
# Values reach CPackConfig.cmake as written (backslashes of Windows paths and registry keys).
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build[^/]*/" "/\\.cache/")
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_LIST_DIR}/project-config.cmake)

if(TARGET lapce-ai-monitor)
  set(lapce_ai_package_monitor ON)
else()
  set(lapce_ai_package_monitor OFF)
endif()

if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  include(${CMAKE_CURRENT_LIST_DIR}/linux.cmake)
elseif(APPLE)
  include(${CMAKE_CURRENT_LIST_DIR}/macos.cmake)
elseif(WIN32)
  include(${CMAKE_CURRENT_LIST_DIR}/windows.cmake)
endif()

include(CPack)
