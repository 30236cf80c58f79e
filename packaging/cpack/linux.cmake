# Linux packages: DEB (Debian, Ubuntu), RPM (Fedora, openSUSE, RHEL) and a TGZ to unpack at /.
set(CPACK_GENERATOR DEB RPM TGZ)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

# DEB: dpkg-shlibdeps turns the linked libraries (Qt 6, protobuf, ICU, OpenSSL, QtKeychain) into
# versioned dependencies on the runtime packages. What the programs load at run time is named
# by hand: QtKeychain's Secret Service backend, and the monitor's Qt platform plugins.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libsecret-1-0")
if(lapce_ai_package_monitor)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
  set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-gtk-platformtheme")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${lapce_ai_packaging_dir}/linux/deb/postinst ${lapce_ai_packaging_dir}/linux/deb/prerm)
if(lapce_ai_package_monitor)
  # Policy: files under /etc are configuration, kept on removal with an administrator's edits
  # (dpkg --purge removes them).
  file(WRITE ${CMAKE_BINARY_DIR}/packaging/deb/conffiles
       "/etc/xdg/autostart/lapce-ai-monitor.desktop\n")
  list(APPEND CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/packaging/deb/conffiles)
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# RPM: rpm's automatic requirements (sonames of the linked libraries) are the dependencies.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "${LAPCE_AI_PACKAGE_LICENSE}")
set(CPACK_RPM_PACKAGE_GROUP "Development/Tools")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_SUGGESTS "libsecret")
set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE ${lapce_ai_packaging_dir}/linux/rpm/post.sh)
set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE ${lapce_ai_packaging_dir}/linux/rpm/preun.sh)
# Folders the distribution's own packages (filesystem, systemd, hicolor-icon-theme) own.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/lib/systemd /usr/lib/systemd/user /etc/xdg /etc/xdg/autostart /usr/share/applications
    /usr/share/icons /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable
    /usr/share/icons/hicolor/scalable/apps)
