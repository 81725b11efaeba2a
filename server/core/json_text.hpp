#pragma once
// JSON written straight into a string, byte for byte as nlohmann::json::dump() writes the same value (compact,
// keys in the order given, which callers give sorted as nlohmann's objects are; strings escaped as it escapes
// them). For views built thousands of times in one flush (a room view per participant), where building a tree
// of nlohmann::json values first cost most of the time: an allocation per member and per string.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace huddle::core {

class JsonText {
 public:
  JsonText& begin_object();
  JsonText& end_object();
  JsonText& begin_array();
  JsonText& end_array();
  JsonText& key(std::string_view name);  // a plain key: no character that needs escaping
  JsonText& string(std::string_view value);
  JsonText& number(std::int64_t value);
  JsonText& boolean(bool value);
  JsonText& null();
  JsonText& raw(std::string_view json);  // a value already written as JSON text

  const std::string& text() const noexcept { return out_; }
  std::string take() noexcept { return std::move(out_); }

 private:
  void before_value();

  std::string out_;
  std::vector<bool> first_;  // per open object or array: nothing written in it yet
  bool after_key_ = false;
};

// Where the value of the member `"key":` begins in `text` (at or after `from`), when that value reads
// `placeholder` (null, [], ...); npos when there is none. In JSON this writer or nlohmann wrote, every `"` inside a
// string is escaped, so `"key":` followed by a literal is only ever a member: the hub serializes a view's shared
// part once with a placeholder and splices each person's or each room's own text in there.
std::size_t find_member_value(std::string_view text, std::string_view key, std::string_view placeholder,
                              std::size_t from = 0);

}  // namespace huddle::core
