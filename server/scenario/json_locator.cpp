#include "scenario/json_locator.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>

namespace huddle::scenario {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Skips whitespace and comments. False on a comment that never ends.
bool skip_blank(std::string_view text, std::size_t& pos) {
  while (pos < text.size()) {
    const char c = text[pos];
    if (is_blank(c)) {
      ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '/') {
      pos += 2;
      while (pos < text.size() && text[pos] != '\n' && text[pos] != '\r') ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '*') {
      const auto end = text.find("*/", pos + 2);
      if (end == std::string_view::npos) return false;
      pos = end + 2;
    } else {
      break;
    }
  }
  return true;
}

// Four hex digits at `pos` (after "\u"); advances past them.
std::optional<char32_t> read_hex4(std::string_view text, std::size_t& pos) {
  if (pos + 4 > text.size()) return std::nullopt;
  unsigned value = 0;
  const char* first = text.data() + pos;
  auto [end, ec] = std::from_chars(first, first + 4, value, 16);
  if (ec != std::errc() || end != first + 4) return std::nullopt;
  pos += 4;
  return static_cast<char32_t>(value);
}

// Reads the string literal starting at `pos` (on its opening quote), decoding escapes into `out` when given.
// Leaves `pos` after the closing quote. False when the literal is broken.
bool read_string(std::string_view text, std::size_t& pos, std::string* out) {
  ++pos;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '"') {
      ++pos;
      return true;
    }
    if (c != '\\') {
      if (out) *out += c;
      ++pos;
      continue;
    }
    if (pos + 1 >= text.size()) return false;
    const char escaped = text[pos + 1];
    pos += 2;
    char plain = 0;
    switch (escaped) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': {
        auto unit = read_hex4(text, pos);
        if (!unit) return false;
        char32_t cp = *unit;
        if (cp >= 0xD800 && cp <= 0xDBFF && text.substr(pos, 2) == "\\u") {
          std::size_t after = pos + 2;
          auto low = read_hex4(text, after);
          if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
            pos = after;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate: not a character
        if (out) core::append_utf8(*out, cp);
        continue;
      }
      default:
        return false;
    }
    if (out) *out += plain;
  }
  return false;
}

// Skips a number or literal (true, false, null). False when there is nothing to skip.
bool skip_scalar(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  constexpr std::string_view stops = ",:[]{}\"/";
  while (pos < text.size() && !is_blank(text[pos]) && stops.find(text[pos]) == std::string_view::npos) ++pos;
  return pos > start;
}

std::string escape_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string unescape_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

// An array index token: digits without a leading zero ("0" itself is fine).
std::optional<std::size_t> array_index(std::string_view token) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return value;
}

}  // namespace

JsonLocator::JsonLocator(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 == text_.size() || text_[i + 1] != '\n'))) {
      line_starts_.push_back(i + 1);
    }
  }
  index();
}

// One pass over the text, without recursion (nesting depth is not limited by the stack), recording where
// every value starts and how containers hold their children.
void JsonLocator::index() {
  enum class Expect { value, value_or_close, key, key_or_close, colon, comma_or_close };
  struct Frame {
    std::size_t container;
    std::string token;  // this container's pointer token within its parent (escaped)
  };
  std::vector<Frame> stack;
  Expect expect = Expect::value;
  std::string key;
  std::size_t key_offset = 0;
  std::size_t pos = text_.starts_with(utf8_bom) ? utf8_bom.size() : 0;

  auto pointer_of_top = [&] {
    std::string pointer;
    for (std::size_t i = 1; i < stack.size(); ++i) pointer += "/" + stack[i].token;
    return pointer;
  };
  // Closes the innermost container (the parser is on its closing bracket). False when the document is done.
  auto close = [&] {
    ++pos;
    stack.pop_back();
    expect = Expect::comma_or_close;
    return !stack.empty();
  };

  while (skip_blank(text_, pos) && pos < text_.size()) {
    const char c = text_[pos];
    switch (expect) {
      case Expect::value_or_close:
        if (c == ']') {
          if (!close()) return;
          break;
        }
        [[fallthrough]];
      case Expect::value: {
        const std::size_t node = nodes_.size();
        nodes_.push_back(Node{pos, std::nullopt});
        std::string token;
        if (!stack.empty()) {
          Container& parent = containers_[stack.back().container];
          if (parent.object) {
            token = escape_token(key);
            auto [it, inserted] = parent.members.try_emplace(key, node);
            if (!inserted) {
              it->second = node;  // as a JSON reader does: the last one wins
              duplicates_.push_back(DuplicateKey{key, pointer_of_top() + "/" + token, position_of(key_offset)});
            }
          } else {
            token = std::to_string(parent.items.size());
            parent.items.push_back(node);
          }
        }
        if (c == '{' || c == '[') {
          nodes_[node].container = containers_.size();
          containers_.push_back(Container{c == '{', {}, {}});
          stack.push_back(Frame{containers_.size() - 1, std::move(token)});
          ++pos;
          expect = c == '{' ? Expect::key_or_close : Expect::value_or_close;
        } else {
          const bool read = c == '"' ? read_string(text_, pos, nullptr) : skip_scalar(text_, pos);
          if (!read || stack.empty()) return;
          expect = Expect::comma_or_close;
        }
        break;
      }
      case Expect::key_or_close:
        if (c == '}') {
          if (!close()) return;
          break;
        }
        [[fallthrough]];
      case Expect::key:
        if (c != '"') return;
        key.clear();
        key_offset = pos;
        if (!read_string(text_, pos, &key)) return;
        expect = Expect::colon;
        break;
      case Expect::colon:
        if (c != ':') return;
        ++pos;
        expect = Expect::value;
        break;
      case Expect::comma_or_close: {
        const bool object = containers_[stack.back().container].object;
        if (c == ',') {
          ++pos;
          expect = object ? Expect::key : Expect::value;
        } else if (c == (object ? '}' : ']')) {
          if (!close()) return;
        } else {
          return;
        }
        break;
      }
    }
  }
}

std::optional<std::size_t> JsonLocator::deepest(std::string_view pointer, bool& complete) const {
  complete = false;
  if (nodes_.empty()) return std::nullopt;
  std::size_t node = 0;
  if (pointer.empty()) {
    complete = true;
    return node;
  }
  if (pointer.front() != '/') return node;
  std::size_t pos = 1;
  while (true) {
    const std::size_t slash = pointer.find('/', pos);
    const std::string token = unescape_token(pointer.substr(pos, slash == std::string_view::npos ? slash : slash - pos));
    if (!nodes_[node].container) return node;
    const Container& here = containers_[*nodes_[node].container];
    if (here.object) {
      auto it = here.members.find(token);
      if (it == here.members.end()) return node;
      node = it->second;
    } else {
      auto i = array_index(token);
      if (!i || *i >= here.items.size()) return node;
      node = here.items[*i];
    }
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  complete = true;
  return node;
}

std::optional<TextPosition> JsonLocator::find(std::string_view pointer) const {
  bool complete = false;
  auto node = deepest(pointer, complete);
  if (!node || !complete) return std::nullopt;
  return position_of(nodes_[*node].offset);
}

TextPosition JsonLocator::locate(std::string_view pointer) const {
  bool complete = false;
  auto node = deepest(pointer, complete);
  return position_of(node ? nodes_[*node].offset : 0);
}

TextPosition JsonLocator::position_of(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(next - line_starts_.begin());  // 1-based
  std::size_t start = line_starts_[line - 1];
  if (start == 0 && text_.starts_with(utf8_bom)) start = std::min(offset, utf8_bom.size());
  int column = 1;
  for (std::size_t i = start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // count characters, not bytes
  }
  return TextPosition{static_cast<int>(line), column, offset};
}

}  // namespace huddle::scenario
