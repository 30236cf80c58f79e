#include "multi_point_strategy.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "js_access.h"
#include "js_whitespace.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

bool includes(const std::vector<std::string>& fields, std::string_view field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

// text.split(/\s+/).filter((word) => word.length > 0).length
double count_words(std::string_view text) {
    double words = 0;
    bool in_word = false;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t space = js_whitespace_length(text.substr(at));
        if (space > 0) {
            in_word = false;
            at += space;
            continue;
        }
        if (!in_word) ++words;
        in_word = true;
        ++at;
    }
    return words;
}

// (text.match(/[.,!?;:()[\]{}""''`]/g) || []).length
double count_punctuation(std::string_view text) {
    constexpr std::string_view kPunctuation = ".,!?;:()[]{}\"'`";
    return static_cast<double>(std::count_if(text.begin(), text.end(), [&](char c) {
        return kPunctuation.find(c) != std::string_view::npos;
    }));
}

double count_newlines(std::string_view text) {
    return static_cast<double>(std::count(text.begin(), text.end(), '\n'));
}

// The three `totalTokens +=` steps of the reference, in its order (the rounding of the doubles
// decides Math.ceil at the edges).
void add_text_estimate(double& total, std::string_view text) {
    total += count_words(text) * 1.3;
    total += count_punctuation(text) * 0.3;
    total += count_newlines(text) * 0.5;
}

OrderedJson text_block(std::string text) {
    return OrderedJson::object({{"text", OrderedJson::string(std::move(text))}});
}

}  // namespace

double estimate_system_tokens(const std::string& text) {
    double token_count = count_words(text) * 1.3;
    token_count += count_punctuation(text) * 0.3;
    token_count += count_newlines(text) * 0.5;
    token_count += 5;
    return std::ceil(token_count);
}

double estimate_message_tokens(const OrderedJson& message) {
    const OrderedJson* content = js::get(message, "content");
    if (!js::truthy(content)) return 0;
    double total_tokens = 0;
    if (content->is_array()) {
        for (const OrderedJson& block : content->items()) {
            const OrderedJson* type = js::get(block, "type");
            if (js::is(type, "text")) {
                const OrderedJson* text = js::get(block, "text");
                const std::string value =
                    js::truthy(text) && text->is_string() ? text->as_string() : std::string();
                if (!value.empty()) add_text_estimate(total_tokens, value);
            } else if (js::is(type, "image")) {
                total_tokens += 300;
            }
        }
    } else if (content->is_string()) {
        add_text_estimate(total_tokens, content->as_string());
    }
    total_tokens += 10;
    return std::ceil(total_tokens);
}

OrderedJson create_cache_point() {
    return OrderedJson::object(
        {{"cachePoint", OrderedJson::object({{"type", OrderedJson::string("default")}})}});
}

OrderedJson messages_to_content_blocks(const OrderedJson& messages) {
    OrderedJson result = OrderedJson::array({});
    for (const OrderedJson& message : messages.items()) {
        const std::string role =
            js::is(js::get(message, "role"), "assistant") ? "assistant" : "user";
        const OrderedJson* content = js::get(message, "content");
        OrderedJson blocks = OrderedJson::array({});
        if (js::is_array(content)) {
            for (const OrderedJson& block : content->items()) {
                if (block.is_string()) {
                    blocks.push_back(text_block(block.as_string()));
                } else if (block.is_object() && block.find("text") != nullptr) {
                    OrderedJson converted = OrderedJson::object({});
                    js::set_defined(converted, "text", js::get(block, "text"));
                    blocks.push_back(std::move(converted));
                } else {
                    blocks.push_back(text_block("[Unsupported Content]"));
                }
            }
        } else {
            OrderedJson converted = OrderedJson::object({});
            js::set_defined(converted, "text", content);
            blocks.push_back(std::move(converted));
        }
        result.push_back(OrderedJson::object(
            {{"role", OrderedJson::string(role)}, {"content", std::move(blocks)}}));
    }
    return result;
}

MultiPointStrategy::MultiPointStrategy(CacheStrategyConfig config) : config_(std::move(config)) {
    if (config_.system_prompt && !config_.system_prompt->empty())
        system_token_count_ = estimate_system_tokens(*config_.system_prompt);
}

bool MultiPointStrategy::meets_min_token_threshold(double token_count) const {
    const double min_tokens = config_.model_info.min_tokens_per_cache_point;
    if (min_tokens == 0 || std::isnan(min_tokens)) return false;
    return token_count >= min_tokens;
}

double MultiPointStrategy::tokens_of_messages(std::size_t begin, std::size_t end) const {
    const auto& messages = config_.messages.items();
    end = std::min(end, messages.size());
    double total = 0;
    for (std::size_t i = begin; i < end; ++i) total += estimate_message_tokens(messages[i]);
    return total;
}

CacheResult MultiPointStrategy::determine_optimal_cache_points() const {
    if (!config_.use_prompt_cache || config_.messages.items().empty())
        return format_without_cache_points();

    const CacheModelInfo& info = config_.model_info;
    const bool supports_system_cache = includes(info.cachable_fields, "system");
    const bool supports_message_cache = includes(info.cachable_fields, "messages");
    const double min_tokens_per_point = info.min_tokens_per_cache_point;
    double remaining_cache_points = info.max_cache_points;

    const bool has_system_prompt = config_.system_prompt && !config_.system_prompt->empty();
    const bool use_system_cache = supports_system_cache && has_system_prompt &&
                                  meets_min_token_threshold(system_token_count_);

    OrderedJson system_blocks = OrderedJson::array({});
    if (has_system_prompt) {
        system_blocks.push_back(text_block(*config_.system_prompt));
        if (use_system_cache) {
            system_blocks.push_back(create_cache_point());
            remaining_cache_points--;
        }
    }

    if (!supports_message_cache)
        return {std::move(system_blocks), messages_to_content_blocks(config_.messages), {}};

    std::vector<CachePointPlacement> placements =
        determine_message_cache_points(min_tokens_per_point, remaining_cache_points);
    OrderedJson messages = messages_to_content_blocks(config_.messages);
    // applyCachePoints
    for (std::size_t i = 0; i < messages.items().size(); ++i) {
        const bool placed = std::any_of(placements.begin(), placements.end(),
                                        [&](const CachePointPlacement& p) { return p.index == i; });
        if (placed) {
            OrderedJson& message = messages.mutable_items()[i];
            message.mutable_find("content")->push_back(create_cache_point());
        }
    }
    return {std::move(system_blocks), std::move(messages), std::move(placements)};
}

std::vector<CachePointPlacement> MultiPointStrategy::determine_message_cache_points(
    double min_tokens_per_point, double remaining_cache_points) const {
    const std::size_t total_messages = config_.messages.items().size();
    if (total_messages <= 1) return {};

    std::vector<CachePointPlacement> placements;
    const std::vector<CachePointPlacement> previous_placements =
        config_.previous_cache_point_placements.value_or(std::vector<CachePointPlacement>{});
    const auto keep_valid_previous = [&] {
        for (const CachePointPlacement& placement : previous_placements) {
            if (placement.index < total_messages) placements.push_back(placement);
        }
    };

    if (previous_placements.empty()) {
        std::size_t current_index = 0;
        while (current_index < total_messages && remaining_cache_points > 0) {
            const std::optional<CachePointPlacement> placement = find_optimal_placement_for_range(
                current_index, total_messages - 1, min_tokens_per_point);
            if (!placement) break;
            placements.push_back(*placement);
            current_index = placement->index + 1;
            remaining_cache_points--;
        }
        return placements;
    }

    const std::size_t last_previous_index = previous_placements.back().index;
    const double new_messages_tokens = tokens_of_messages(last_previous_index + 1, total_messages);

    if (!(new_messages_tokens >= min_tokens_per_point)) {
        keep_valid_previous();
        return placements;
    }

    if (remaining_cache_points > static_cast<double>(previous_placements.size())) {
        keep_valid_previous();
        if (const auto placement = find_optimal_placement_for_range(
                last_previous_index + 1, total_messages - 1, min_tokens_per_point))
            placements.push_back(*placement);
        return placements;
    }

    // Which two consecutive previous cache points cover the fewest tokens together.
    std::vector<double> tokens_between_placements;
    std::size_t start_index = 0;
    for (const CachePointPlacement& placement : previous_placements) {
        tokens_between_placements.push_back(tokens_of_messages(start_index, placement.index + 1));
        start_index = placement.index + 1;
    }
    std::size_t smallest_gap_index = 0;
    double smallest_gap = std::numeric_limits<double>::max();
    for (std::size_t i = 0; i + 1 < tokens_between_placements.size(); ++i) {
        const double gap = tokens_between_placements[i] + tokens_between_placements[i + 1];
        if (gap < smallest_gap) {
            smallest_gap = gap;
            smallest_gap_index = i;
        }
    }

    // Combining only pays when the new messages hold 20% more tokens than that gap.
    const double required_token_threshold = smallest_gap * 1.2;
    if (!(new_messages_tokens >= required_token_threshold)) {
        keep_valid_previous();
        return placements;
    }

    for (std::size_t i = 0; i < previous_placements.size(); ++i) {
        if (i != smallest_gap_index && i != smallest_gap_index + 1) {
            if (previous_placements[i].index < total_messages)
                placements.push_back(previous_placements[i]);
        } else if (i == smallest_gap_index) {
            // previousPlacements[i + 1] is undefined for a single previous placement, where the
            // reference throws reading its index.
            if (i + 1 >= previous_placements.size())
                (void)js::get(static_cast<const OrderedJson*>(nullptr), "index");
            const std::size_t combined_end_index = previous_placements[i + 1].index;
            const std::size_t start_of_range = i == 0 ? 0 : previous_placements[i - 1].index + 1;
            if (const auto combined = find_optimal_placement_for_range(
                    start_of_range, combined_end_index, min_tokens_per_point))
                placements.push_back(*combined);
            ++i;
        }
    }
    if (static_cast<double>(placements.size()) < remaining_cache_points) {
        if (const auto placement = find_optimal_placement_for_range(
                last_previous_index + 1, total_messages - 1, min_tokens_per_point))
            placements.push_back(*placement);
    }
    return placements;
}

std::optional<CachePointPlacement> MultiPointStrategy::find_optimal_placement_for_range(
    std::size_t start_index, std::size_t end_index, double min_tokens_per_point) const {
    if (start_index >= end_index) return std::nullopt;

    const auto& messages = config_.messages.items();
    std::optional<std::size_t> last_user_message_index;
    for (std::size_t i = end_index + 1; i-- > start_index;) {
        const OrderedJson* message = i < messages.size() ? &messages[i] : nullptr;
        if (js::is(js::get(message, "role"), "user")) {
            last_user_message_index = i;
            break;
        }
    }
    if (!last_user_message_index) return std::nullopt;

    // The tokens from the previous cache point (or the start) up to this one.
    std::optional<std::size_t> previous_cache_point_index;
    for (const CachePointPlacement& placement :
         config_.previous_cache_point_placements.value_or(std::vector<CachePointPlacement>{})) {
        if (placement.index < start_index &&
            (!previous_cache_point_index || placement.index > *previous_cache_point_index))
            previous_cache_point_index = placement.index;
    }
    const std::size_t token_start_index =
        previous_cache_point_index ? *previous_cache_point_index + 1 : 0;
    const double total_tokens_covered =
        tokens_of_messages(token_start_index, *last_user_message_index + 1);
    if (total_tokens_covered < min_tokens_per_point) return std::nullopt;
    return CachePointPlacement{*last_user_message_index, "message", total_tokens_covered};
}

CacheResult MultiPointStrategy::format_without_cache_points() const {
    OrderedJson system_blocks = OrderedJson::array({});
    if (config_.system_prompt && !config_.system_prompt->empty())
        system_blocks.push_back(text_block(*config_.system_prompt));
    return {std::move(system_blocks), messages_to_content_blocks(config_.messages), {}};
}

}  // namespace lapce_ai::providers
