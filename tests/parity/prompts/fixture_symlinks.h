#pragma once

// Copies of the golden data made without symlink support (an archive, a plain file copy) store
// each symbolic link of a fixture as a small file that holds the link's target. A fixture with
// such files is rebuilt in a temporary folder where they are links again.

#include <QTemporaryDir>
#include <memory>
#include <string>

namespace lapce_ai::parity {

class RestoredFixture {
  public:
    // nullptr when `fixture` holds no flattened link (it can be used as it is).
    static std::unique_ptr<RestoredFixture> restore(const std::string& fixture);

    const std::string& path() const { return path_; }  // the rebuilt copy
    const std::string& original() const { return original_; }

    // `text` with the copy's path replaced by the original fixture's.
    std::string to_original(std::string text) const;

  private:
    RestoredFixture() = default;
    QTemporaryDir dir_;
    std::string path_;
    std::string original_;
};

}  // namespace lapce_ai::parity
