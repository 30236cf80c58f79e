# CPACK_PROJECT_CONFIG_FILE: per-generator settings, read by cpack for each generator it runs.

if(CPACK_GENERATOR STREQUAL "TGZ")
  # The archive is the tree to unpack at / (sudo tar -C / -xzf lapce-ai-*.tar.gz): programs under
  # /usr/local, the tray autostart entry in /etc/xdg/autostart. Installing with the final prefix
  # (and DESTDIR) writes the unit's ExecStart for that prefix, as for DEB and RPM.
  set(CPACK_SET_DESTDIR ON)
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr/local)
  set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY OFF)
endif()
