#include "query_sources.h"

#include <QResource>
#include <QString>
#include <algorithm>
#include <string>

namespace lapce_ai::treesitter {
namespace {

// Query names are file stems; anything else could reach other embedded resources.
bool is_query_name(std::string_view name) {
    return !name.empty() && std::ranges::all_of(name, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::string_view embedded_query_file(std::string_view query_name) {
    const QResource resource(QStringLiteral(":/treesitter/queries/") +
                             QLatin1String(query_name.data(), qsizetype(query_name.size())) +
                             QStringLiteral(".scm"));
    // The resources are embedded uncompressed (CMakeLists.txt), so data() is the text itself.
    if (!resource.isValid() || resource.compressionAlgorithm() != QResource::NoCompression) {
        return {};
    }
    return {reinterpret_cast<const char*>(resource.data()), std::size_t(resource.size())};
}

}  // namespace

std::string_view query_source(std::string_view query_name) {
    if (!is_query_name(query_name)) return {};
    if (query_name == "tsx") {
        // tsx.ts: `${typescriptQuery}` followed by the JSX patterns of tsx.scm.
        static const std::string tsx = std::string(embedded_query_file("typescript")) +
                                       std::string(embedded_query_file("tsx"));
        return tsx;
    }
    return embedded_query_file(query_name);
}

}  // namespace lapce_ai::treesitter
