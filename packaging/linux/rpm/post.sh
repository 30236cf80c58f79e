# lapce-ai-service runs as a systemd USER service: root must not start it and the package does
# not enable it for every user. $1 is 1 on a first install, 2 and more on an upgrade.
if [ "$1" -eq 1 ]; then
  echo "lapce-ai: start the service now and on every login (as your user, not root):"
  echo "  systemctl --user enable --now lapce-ai.service"
fi
