# The counterpart of %post, which enables nothing: a global enablement an administrator made
# (systemctl --global enable) goes with the unit file. $1 is 0 when the package is erased.
if [ "$1" -eq 0 ] && command -v systemctl >/dev/null 2>&1; then
  if systemctl --global is-enabled --quiet lapce-ai.service 2>/dev/null; then
    systemctl --global disable lapce-ai.service || :
  fi
fi
