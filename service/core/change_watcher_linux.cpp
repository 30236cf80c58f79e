#include <linux/magic.h>
#include <sys/inotify.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "change_watcher.h"

namespace lapce_ai {
namespace {

// Directories that cached entries depend on: any change to an entry inside.
constexpr std::uint32_t kTargetMask = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM |
                                      IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF |
                                      IN_MOVE_SELF;
// Directories above them: entries appearing, leaving or changing permissions.
constexpr std::uint32_t kAncestorMask =
    IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;
// IN_DONT_FOLLOW with IN_ONLYDIR refuses a symbolic link: each watched path names the directory
// itself, so the watches of its prefixes see every change to what the path resolves to.
constexpr std::uint32_t kWatchFlags = IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;
constexpr std::uint32_t kListingChange = IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE;
constexpr std::uint32_t kWatchGone = IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT;

// Watches are a per-user resource that editors and build tools need too; beyond these, entries
// fall back to stamps.
constexpr std::size_t kMaxWatches = 1024;
constexpr std::size_t kMaxNodes = 4 * kMaxWatches;

thread_local const ChangeWatcher* batch_watcher = nullptr;

// Absolute, without "." or ".." components, repeated or trailing separators.
bool is_canonical(std::string_view path) {
    if (path.empty() || path.front() != '/') return false;
    if (path.size() == 1) return true;
    if (path.back() == '/') return false;
    for (std::size_t start = 1; start <= path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view component = path.substr(start, end - start);
        if (component.empty() || component == "." || component == "..") return false;
        start = end + 1;
    }
    return true;
}

// Changes made by other machines (network file systems) or by the host of a FUSE or 9p file
// system (sshfs, WSL's drives) produce no events: their entries keep checking stamps.
bool reports_all_changes(const std::string& directory) {
    struct statfs info {};
    if (::statfs(directory.c_str(), &info) != 0) return false;
    switch (static_cast<std::uint32_t>(info.f_type)) {
        case NFS_SUPER_MAGIC:
        case SMB_SUPER_MAGIC:
        case CIFS_SUPER_MAGIC:
        case SMB2_SUPER_MAGIC:
        case FUSE_SUPER_MAGIC:
        case V9FS_MAGIC:
        case CEPH_SUPER_MAGIC:
        case AFS_SUPER_MAGIC:
        case CODA_SUPER_MAGIC:
        case 0x0BD00BD0:  // Lustre
        case 0x01161970:  // GFS2
        case 0x7461636F:  // OCFS2
        case 0x786F4256:  // VirtualBox shared folders
        case 0x7C7C6673:  // Parallels shared folders
            return false;
        default:
            return true;
    }
}

std::string_view last_component(std::string_view path) {
    return path.substr(path.rfind('/') + 1);
}

}  // namespace

struct ChangeWatcher::Node {
    std::string path;
    int wd = -1;
    bool target = false;                       // watched with kTargetMask
    std::optional<bool> local;                 // whether its file system reports all changes
    std::uint64_t watched_epoch = UINT64_MAX;  // when it and its ancestors were last confirmed
    std::uint64_t listing = 0;
    std::unordered_map<std::string, std::uint64_t> names;  // versions of names tokens depend on
    std::unordered_map<std::string, Node*> children;       // watched directories inside
};

ChangeWatcher::ChangeWatcher() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

ChangeWatcher::~ChangeWatcher() {
    if (fd_ >= 0) ::close(fd_);
}

ChangeWatcher& ChangeWatcher::shared() {
    static ChangeWatcher watcher;
    return watcher;
}

bool ChangeWatcher::enabled() const {
    return fd_ >= 0;
}

std::optional<ChangeWatcher::Token> ChangeWatcher::watch_file(const std::string& path) {
    if (fd_ < 0 || !is_canonical(path) || path.size() == 1) return std::nullopt;
    const std::size_t slash = path.rfind('/');
    std::lock_guard lock(mutex_);
    return token_locked(slash == 0 ? std::string("/") : path.substr(0, slash),
                        std::string_view(path).substr(slash + 1), false);
}

std::optional<ChangeWatcher::Token> ChangeWatcher::watch_listing(const std::string& path) {
    if (fd_ < 0 || !is_canonical(path)) return std::nullopt;
    std::lock_guard lock(mutex_);
    return token_locked(path, {}, true);
}

ChangeWatcher::Check ChangeWatcher::check(const Token& token) {
    std::lock_guard lock(mutex_);
    if (batch_watcher != this) drain_locked();
    if (*token.slot != token.version) return Check::Changed;
    return token.epoch == epoch_ ? Check::Current : Check::Unknown;
}

bool ChangeWatcher::all_current(std::span<const Token> tokens) {
    std::lock_guard lock(mutex_);
    if (batch_watcher != this) drain_locked();
    return std::all_of(tokens.begin(), tokens.end(), [this](const Token& token) {
        return token.watcher == this && *token.slot == token.version && token.epoch == epoch_;
    });
}

void ChangeWatcher::sync() {
    std::lock_guard lock(mutex_);
    drain_locked();
}

ChangeWatcher::Batch::Batch(ChangeWatcher& watcher) : previous_(batch_watcher) {
    watcher.sync();
    batch_watcher = &watcher;
}

ChangeWatcher::Batch::~Batch() {
    batch_watcher = previous_;
}

ChangeWatcher::Stats ChangeWatcher::stats() const {
    std::lock_guard lock(mutex_);
    Stats stats = stats_;
    stats.watched = by_wd_.size();
    return stats;
}

void ChangeWatcher::fail_watches_for_testing(bool fail) {
    std::lock_guard lock(mutex_);
    fail_watches_ = fail;
}

void ChangeWatcher::simulate_overflow_for_testing() {
    std::lock_guard lock(mutex_);
    handle_event(-1, IN_Q_OVERFLOW, {});
}

void ChangeWatcher::drain_locked() {
    if (fd_ < 0) return;
    alignas(inotify_event) char buffer[16 * (sizeof(inotify_event) + NAME_MAX + 1)];
    for (;;) {
        ++stats_.drains;
        const ssize_t size = ::read(fd_, buffer, sizeof buffer);
        if (size < 0 && errno == EINTR) continue;
        if (size < 0 && errno == EAGAIN) return;
        if (size <= 0) {  // cannot tell what was missed
            new_epoch_locked();
            return;
        }
        for (ssize_t offset = 0; offset < size;) {
            inotify_event event;
            std::memcpy(&event, buffer + offset, sizeof event);
            const char* name = buffer + offset + sizeof event;
            handle_event(event.wd, event.mask,
                         event.len > 0 ? std::string_view(name, ::strnlen(name, event.len))
                                       : std::string_view());
            offset += ssize_t(sizeof event + event.len);
        }
    }
}

void ChangeWatcher::handle_event(int wd, std::uint32_t mask, std::string_view name) {
    ++stats_.events;
    if (mask & IN_Q_OVERFLOW) {
        new_epoch_locked();
        return;
    }
    const auto found = by_wd_.find(wd);
    if (found == by_wd_.end()) return;  // a watch already dropped
    Node* node = found->second;
    if (mask & kWatchGone) {
        // A moved directory keeps its watch, which no longer describes this path.
        if (!(mask & IN_IGNORED)) ::inotify_rm_watch(fd_, wd);
        by_wd_.erase(found);
        node->wd = -1;
        new_epoch_locked();
        return;
    }
    if (name.empty()) {  // the directory's own attributes
        new_epoch_locked();
        return;
    }
    const std::string key(name);
    if (mask & kListingChange) node->listing = ++counter_;
    if (auto slot = node->names.find(key); slot != node->names.end()) slot->second = ++counter_;
    // A watched directory below was added, removed, renamed or made (in)accessible: the watches
    // of what its path names now are set up again.
    if ((mask & (kListingChange | IN_ATTRIB)) && node->children.contains(key)) new_epoch_locked();
}

void ChangeWatcher::new_epoch_locked() {
    ++epoch_;
    ++stats_.epochs;
}

ChangeWatcher::Node* ChangeWatcher::watch_directory_locked(const std::string& path, bool target,
                                                           std::string* missing) {
    if (auto found = nodes_.find(path); found != nodes_.end()) {
        Node* node = found->second.get();
        if (node->watched_epoch == epoch_ && node->wd >= 0 && (node->target || !target)) {
            return node;
        }
    }
    Node* parent = nullptr;
    for (std::size_t end = 1;; end = path.find('/', end + 1)) {
        const bool last = end == std::string::npos || end >= path.size();
        const std::string prefix = last ? path : path.substr(0, end);
        if (nodes_.size() >= kMaxNodes && !nodes_.contains(prefix)) return nullptr;
        auto& slot = nodes_[prefix];
        if (!slot) {
            slot = std::make_unique<Node>();
            slot->path = prefix;
            if (parent) parent->children.emplace(std::string(last_component(prefix)), slot.get());
        }
        Node* node = slot.get();
        const bool as_target = node->target || (last && target);
        if (node->watched_epoch != epoch_ || node->wd < 0 || as_target != node->target) {
            if (fail_watches_ || (node->wd < 0 && by_wd_.size() >= kMaxWatches)) return nullptr;
            ++stats_.add_watches;
            const int wd = ::inotify_add_watch(
                fd_, prefix.c_str(), (as_target ? kTargetMask : kAncestorMask) | kWatchFlags);
            if (wd < 0) {
                if (errno != ENOENT || !parent || !missing) return nullptr;
                *missing = std::string(last_component(prefix));
                return parent;
            }
            if (wd != node->wd) {
                // The same directory under two paths (a bind mount) cannot be told apart.
                if (by_wd_.contains(wd)) return nullptr;
                if (node->wd >= 0) {
                    ::inotify_rm_watch(fd_, node->wd);
                    by_wd_.erase(node->wd);
                }
                by_wd_.emplace(wd, node);
                node->wd = wd;
                node->local.reset();
            }
            node->target = as_target;
            node->watched_epoch = epoch_;
        }
        if (last) return node;
        parent = node;
    }
}

std::uint64_t* ChangeWatcher::name_slot(Node* node, std::string_view name) {
    return &node->names.try_emplace(std::string(name), counter_).first->second;
}

std::optional<ChangeWatcher::Token> ChangeWatcher::token_locked(const std::string& dir,
                                                                std::string_view name,
                                                                bool listing) {
    std::string missing;
    Node* node = watch_directory_locked(dir, true, &missing);
    if (!node) return std::nullopt;
    if (!node->local) node->local = reports_all_changes(node->path);
    if (!*node->local) return std::nullopt;
    std::uint64_t* slot = !missing.empty() ? name_slot(node, missing)
                          : listing        ? &node->listing
                                           : name_slot(node, name);
    return Token{slot, *slot, epoch_, this};
}

}  // namespace lapce_ai
