# Run at install time (cmake --install, CPack): installs the files whose content or place depends
# on the prefix the programs finally land under. CPack's DEB and RPM install with prefix /usr
# (and DESTDIR pointing at their staging folder), the TGZ with /usr/local (see
# packaging/cpack/project-config.cmake), `cmake --install` with the configured prefix.
# Inputs (set by packaging/CMakeLists.txt): lapce_ai_linux_dir, lapce_ai_bindir,
# lapce_ai_stage_dir, lapce_ai_with_monitor.

set(LAPCE_AI_INSTALL_BINDIR "${CMAKE_INSTALL_PREFIX}/${lapce_ai_bindir}")
if(IS_ABSOLUTE "${lapce_ai_bindir}")
  set(LAPCE_AI_INSTALL_BINDIR "${lapce_ai_bindir}")
endif()
configure_file("${lapce_ai_linux_dir}/lapce-ai.service.in" "${lapce_ai_stage_dir}/lapce-ai.service"
               @ONLY)
# systemd searches <prefix>/lib/systemd/user for /usr and /usr/local (not the multiarch libdir).
file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/user" TYPE FILE
     FILES "${lapce_ai_stage_dir}/lapce-ai.service")

if(lapce_ai_with_monitor)
  # XDG autostart reads $XDG_CONFIG_DIRS/autostart, by default /etc/xdg/autostart only: the
  # system prefixes put the entry there, any other prefix under its own etc/. The installed name
  # equals the one of the user's entry (~/.config/autostart/lapce-ai-monitor.desktop), which
  # overrides it per the Desktop Application Autostart Specification.
  if(CMAKE_INSTALL_PREFIX MATCHES "^/usr(/local)?/?$")
    set(autostart_dir "/etc/xdg/autostart")
  else()
    set(autostart_dir "${CMAKE_INSTALL_PREFIX}/etc/xdg/autostart")
  endif()
  file(INSTALL DESTINATION "${autostart_dir}" TYPE FILE
       FILES "${lapce_ai_linux_dir}/lapce-ai-monitor-autostart.desktop"
       RENAME lapce-ai-monitor.desktop)
endif()
