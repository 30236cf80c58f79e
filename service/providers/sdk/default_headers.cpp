#include "default_headers.h"

namespace lapce_ai::providers {

HeaderList default_headers() {
    return {{"HTTP-Referer", "https://github.com/RooVetGit/Roo-Cline"},
            {"X-Title", "Roo Code"},
            {"User-Agent", "RooCode/3.28.14"}};
}

}  // namespace lapce_ai::providers
