#include "scenario/syntax_error.hpp"

#include "scenario/json_locator.hpp"

namespace huddle::scenario {
namespace {

using nlohmann::json;

// Finds where a document that json::parse refused goes wrong (it reports some problems, such as a number
// too large for a double, without a position).
class ErrorFinder : public nlohmann::json_sax<json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& e) override {
    found = true;
    byte = position;
    token = last_token;
    message = e.what();
    return false;
  }

  bool found = false;
  std::size_t byte = 0;  // characters read when the problem showed, as json::parse_error::byte
  std::string token;
  std::string message;
};

// "[json.exception.parse_error.101] parse error at line 3, column 13: syntax error while parsing value - ..."
// becomes "syntax error while parsing value - ..." (the place is reported separately).
std::string json_problem(std::string what) {
  if (auto bracket = what.find("] "); what.starts_with("[json.exception") && bracket != std::string::npos) {
    what.erase(0, bracket + 2);
  }
  if (what.starts_with("parse error")) {
    if (auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
  }
  return what;
}

}  // namespace

std::optional<ScenarioError> syntax_error(std::string_view text, const std::string& file, json& doc) {
  try {
    doc = json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    return std::nullopt;
  } catch (const json::exception&) {
    // Parsed again below to learn where, whatever kind of problem it was.
  }
  ErrorFinder finder;
  json::sax_parse(text, &finder, json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/true);
  JsonLocator locator(text);
  std::size_t byte = finder.byte == 0 ? 0 : finder.byte - 1;
  // A number that doesn't fit: point at its first character rather than its last.
  if (finder.message.find("out_of_range") != std::string::npos && finder.token.size() <= finder.byte) {
    byte = finder.byte - finder.token.size();
  }
  const TextPosition at = locator.position_of(byte);
  return ScenarioError{file, at.line, at.column, "",
                       "not valid JSON: " + (finder.found ? json_problem(finder.message) : "unreadable")};
}

}  // namespace huddle::scenario
