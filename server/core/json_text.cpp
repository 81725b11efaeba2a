#include "core/json_text.hpp"

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"

namespace huddle::core {

void JsonText::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonText& JsonText::begin_object() {
  before_value();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

JsonText& JsonText::end_object() {
  out_.push_back('}');
  first_.pop_back();
  return *this;
}

JsonText& JsonText::begin_array() {
  before_value();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

JsonText& JsonText::end_array() {
  out_.push_back(']');
  first_.pop_back();
  return *this;
}

JsonText& JsonText::key(std::string_view name) {
  before_value();
  out_.push_back('"');
  out_.append(name);
  out_.append("\":");
  after_key_ = true;
  return *this;
}

JsonText& JsonText::string(std::string_view value) {
  before_value();
  if (!is_valid_utf8(value)) {
    // nlohmann replaces what is not UTF-8 (protocol::to_json_text): never here in practice (every text came in
    // through a strict parser), but the output stays the same as its.
    out_.append(nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return *this;
  }
  static constexpr char hex[] = "0123456789abcdef";
  out_.push_back('"');
  for (const char c : value) {
    switch (c) {
      case '"': out_.append("\\\""); break;
      case '\\': out_.append("\\\\"); break;
      case '\b': out_.append("\\b"); break;
      case '\f': out_.append("\\f"); break;
      case '\n': out_.append("\\n"); break;
      case '\r': out_.append("\\r"); break;
      case '\t': out_.append("\\t"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out_.append("\\u00");
          out_.push_back(hex[(static_cast<unsigned char>(c) >> 4) & 0xF]);
          out_.push_back(hex[static_cast<unsigned char>(c) & 0xF]);
        } else {
          out_.push_back(c);
        }
    }
  }
  out_.push_back('"');
  return *this;
}

JsonText& JsonText::number(std::int64_t value) {
  before_value();
  out_.append(std::to_string(value));
  return *this;
}

JsonText& JsonText::boolean(bool value) {
  before_value();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonText& JsonText::null() {
  before_value();
  out_.append("null");
  return *this;
}

JsonText& JsonText::raw(std::string_view json) {
  before_value();
  out_.append(json);
  return *this;
}

std::size_t find_member_value(std::string_view text, std::string_view key, std::string_view placeholder, std::size_t from) {
  std::string needle;
  needle.reserve(key.size() + placeholder.size() + 3);
  needle.append("\"").append(key).append("\":").append(placeholder);
  const auto at = text.find(needle, from);
  return at == std::string_view::npos ? at : at + key.size() + 3;
}

}  // namespace huddle::core
