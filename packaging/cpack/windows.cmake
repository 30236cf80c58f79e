# Windows: an NSIS installer for the current user only (no administrator rights): programs
# under %LOCALAPPDATA%\Programs\lapce-ai, the service started at logon from
# HKCU\Software\Microsoft\Windows\CurrentVersion\Run, a Start menu entry for the monitor.
# The service's socket is the named pipe \\.\pipe\lapce-ai-<user>-<hash of the runtime folder>
# (shared/runtime_paths.cpp), so every user's service and clients find each other by themselves.
set(CPACK_GENERATOR NSIS)
set(CPACK_PACKAGE_INSTALL_DIRECTORY lapce-ai)
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY lapce-ai)
set(CPACK_NSIS_PACKAGE_NAME "lapce-ai ${PROJECT_VERSION}")
set(CPACK_NSIS_DISPLAY_NAME "lapce-ai")
set(CPACK_NSIS_INSTALL_ROOT "$LOCALAPPDATA\\Programs")
# CMake's template asks for administrator rights; this line comes after its request and wins,
# and an installer running as the user writes its uninstall entry and shortcuts to HKCU and the
# user's Start menu.
set(CPACK_NSIS_DEFINES "RequestExecutionLevel user")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH OFF)
set(run_key "Software\\Microsoft\\Windows\\CurrentVersion\\Run")
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS
    "WriteRegStr HKCU \"${run_key}\" \"lapce-ai-service\" '\"$INSTDIR\\bin\\lapce-ai-service.exe\"'")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS
    "DeleteRegValue HKCU \"${run_key}\" \"lapce-ai-service\"")
if(lapce_ai_package_monitor)
  set(CPACK_PACKAGE_EXECUTABLES lapce-ai-monitor "lapce-ai Monitor")
  set(CPACK_NSIS_MUI_FINISHPAGE_RUN lapce-ai-monitor.exe)
endif()
set(CPACK_PACKAGE_FILE_NAME "lapce-ai-${PROJECT_VERSION}-win64")
