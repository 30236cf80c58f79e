# macOS: a disk image with lapce-ai-monitor.app (the service and the client inside it) and a
# link to /Applications to drag it onto. The LaunchAgent plist is in the app's Resources.
set(CPACK_GENERATOR DragNDrop)
set(CPACK_DMG_VOLUME_NAME "lapce-ai ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT UDZO)
set(CPACK_DMG_FILESYSTEM APFS)
set(CPACK_DMG_SLA_USE_RESOURCE_FILE_LICENSE OFF)
set(CPACK_PACKAGE_FILE_NAME "lapce-ai-${PROJECT_VERSION}-macOS")
