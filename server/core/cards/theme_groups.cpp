#include "core/cards/theme_groups.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <numeric>
#include <set>

#include "core/utf8.hpp"

namespace huddle::core {
namespace {

// Sorted, for binary search. Common English function words, the fragments contractions split into
// ("don't" -> "don", "t"), and words of the "what don't I understand" genre that would join every card.
constexpr std::string_view stop_words[] = {
    "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "clear",
    "confused", "confusing", "could", "couldn", "did", "didn", "do", "does", "doesn", "doing", "don", "down",
    "during", "each", "else", "even", "ever", "few", "for", "from", "further", "get", "getting", "go", "going", "got",
    "had", "hadn", "has", "hasn", "have", "haven", "having", "he", "her", "here", "hers", "him", "his", "how", "idea",
    "if", "in", "into", "is", "isn", "it", "its", "just", "know", "let", "like", "ll", "lot", "make", "many", "may",
    "me", "mean", "might", "more", "most", "much", "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once",
    "one", "only", "or", "other", "our", "ours", "out", "over", "own", "quite", "re", "really", "same", "shall",
    "she", "should", "shouldn", "so", "some", "still", "such", "sure", "than", "that", "the", "their", "theirs",
    "them", "then", "there", "these", "they", "thing", "think", "this", "those", "through", "to", "too", "unclear",
    "under", "understand", "understanding", "until", "up", "us", "ve", "very", "was", "wasn", "way", "we", "were",
    "weren", "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "will", "with", "won",
    "would", "wouldn", "yet", "you", "your", "yours", "yourself"};
static_assert(std::is_sorted(std::begin(stop_words), std::end(stop_words)), "binary search needs sorted stop words");

bool is_stop_word(std::string_view word) { return std::binary_search(std::begin(stop_words), std::end(stop_words), word); }

// Punctuation and symbols outside ASCII split words too: Latin-1 symbols, General Punctuation (curly quotes,
// dashes, the ’ in "don’t"), Supplemental Punctuation, CJK Symbols and Punctuation, and fullwidth ASCII
// punctuation.
bool is_word_char(char32_t cp) {
  if (cp < 0x80) return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9');
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x206F) return false;
  if (cp >= 0x2E00 && cp <= 0x2E7F) return false;
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp >= 0xFF01 && cp <= 0xFF0F) return false;
  return true;
}

std::string strip_plural(std::string word) {
  if (word.size() >= 4 && word.back() == 's') {
    const char before = word[word.size() - 2];
    if (before != 's' && before != 'u' && before != 'i') word.pop_back();
  }
  return word;
}

void add_keyword(std::string word, std::size_t code_points, std::set<std::string>& out) {
  if (code_points < 2 || is_stop_word(word)) return;
  word = strip_plural(std::move(word));
  if (is_stop_word(word)) return;  // "others" -> "other"
  out.insert(std::move(word));
}

std::set<std::string> keyword_set(std::string_view text) {
  std::set<std::string> out;
  std::vector<char32_t> cps;
  if (!decode_utf8(text, cps)) return out;
  std::string word;
  std::size_t length = 0;
  for (char32_t cp : cps) {
    if (is_word_char(cp)) {
      append_utf8(word, (cp >= U'A' && cp <= U'Z') ? cp - U'A' + U'a' : cp);
      ++length;
    } else if (!word.empty()) {
      add_keyword(std::move(word), length, out);
      word.clear();
      length = 0;
    }
  }
  if (!word.empty()) add_keyword(std::move(word), length, out);
  return out;
}

struct DisjointSets {
  std::vector<std::size_t> parent;
  explicit DisjointSets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t root(std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void join(std::size_t a, std::size_t b) {
    a = root(a);
    b = root(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

std::vector<std::string> theme_keywords(std::string_view text) {
  auto set = keyword_set(text);
  return {set.begin(), set.end()};
}

std::vector<CardGroup> group_by_theme(const std::vector<std::pair<std::string, std::string>>& cards,
                                      std::string_view prompt) {
  const std::set<std::string> ignored = keyword_set(prompt);
  std::vector<std::set<std::string>> keywords;
  keywords.reserve(cards.size());
  for (const auto& card : cards) {
    auto set = keyword_set(card.second);
    std::erase_if(set, [&](const std::string& w) { return ignored.contains(w); });
    keywords.push_back(std::move(set));
  }

  DisjointSets sets(cards.size());
  std::map<std::string_view, std::size_t> first_with;  // keyword -> first card containing it
  for (std::size_t i = 0; i < cards.size(); ++i) {
    for (const auto& w : keywords[i]) {
      auto [it, inserted] = first_with.try_emplace(w, i);
      if (!inserted) sets.join(it->second, i);
    }
  }

  std::map<std::size_t, std::vector<std::size_t>> members;  // root -> card indices, in the order given
  for (std::size_t i = 0; i < cards.size(); ++i) members[sets.root(i)].push_back(i);

  std::vector<CardGroup> groups;
  for (const auto& [root, indices] : members) {
    if (indices.size() < 2) continue;
    std::map<std::string_view, std::size_t> cards_with;  // keyword -> cards of this group containing it
    for (std::size_t i : indices) {
      for (const auto& w : keywords[i]) ++cards_with[w];
    }
    // The map is sorted, so a strict ">" keeps the alphabetically first keyword among equals.
    std::string_view lead;
    std::size_t best = 0;
    for (const auto& [w, n] : cards_with) {
      if (n > best) {
        lead = w;
        best = n;
      }
    }
    CardGroup g;
    g.keyword = std::string(lead);
    g.id = "g-" + g.keyword;
    g.name = g.keyword;
    for (std::size_t i : indices) g.card_ids.push_back(cards[i].first);
    groups.push_back(std::move(g));
  }
  std::sort(groups.begin(), groups.end(), [](const CardGroup& a, const CardGroup& b) {
    if (a.card_ids.size() != b.card_ids.size()) return a.card_ids.size() > b.card_ids.size();
    return a.id < b.id;
  });
  return groups;
}

}  // namespace huddle::core
