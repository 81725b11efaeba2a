#include "core/polls/poll_views.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/polls/poll_limits.hpp"
#include "core/polls/tally.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

double rounded(double value, double scale) { return std::round(value * scale) / scale; }

// How much of a long list (open answers, a word cloud's words) a view carries (see poll_limits.hpp): the
// report everything, the console's push and everyone's screens a bounded part.
enum class Shown { all, most_given, first_page };

json results_json(const Poll& poll, Shown shown) {
  const PollSettings& s = poll.settings();
  Tally t = tally(poll);
  json results = {{"voters", t.voters}};
  switch (s.kind) {
    case PollKind::single:
    case PollKind::multi: {
      json options = json::array();
      for (std::size_t i = 0; i < t.option_counts.size(); ++i) {
        options.push_back({{"option", s.options[i]},
                           {"count", t.option_counts[i]},
                           {"percent", rounded(t.percent_of_voters(t.option_counts[i]), 10.0)}});
      }
      results["options"] = std::move(options);
      break;
    }
    case PollKind::scale: {
      json points = json::array();
      for (std::size_t i = 0; i < t.scale_counts.size(); ++i) {
        points.push_back({{"value", s.scale.min + static_cast<int>(i)},
                          {"count", t.scale_counts[i]},
                          {"percent", rounded(t.percent_of_voters(t.scale_counts[i]), 10.0)}});
      }
      results["points"] = std::move(points);
      results["average"] = t.average ? json(rounded(*t.average, 100.0)) : json(nullptr);
      break;
    }
    case PollKind::wordcloud: {
      const std::size_t listed = shown == Shown::all ? t.words.size() : std::min(t.words.size(), wordcloud_top_words);
      json words = json::array();
      std::size_t other_mentions = 0;
      for (std::size_t i = 0; i < t.words.size(); ++i) {
        if (i < listed) words.push_back({{"word", t.words[i].word}, {"count", t.words[i].count}});
        else other_mentions += t.words[i].count;
      }
      results["words"] = std::move(words);
      results["otherWords"] = t.words.size() - listed;
      results["otherMentions"] = other_mentions;
      break;
    }
    case PollKind::open:
      results["textCount"] = t.texts.size();
      if (shown == Shown::most_given) {
        results["texts"] = most_given_texts(t.texts, open_answers_shown);
      } else {
        if (shown == Shown::first_page && t.texts.size() > console_answers_page) t.texts.resize(console_answers_page);
        results["texts"] = std::move(t.texts);
      }
      break;
  }
  return results;
}

// A named poll's answers: each voter's name with their ballot, sorted by name (then ballot), never by key or
// time, so the list carries nothing the names don't.
json named_answers(const Poll& poll) {
  std::vector<std::pair<std::string, json>> rows;
  for (const auto& [key, recorded] : poll.ballots()) {
    rows.emplace_back(recorded.voter_name.value_or(""), ballot_to_json(recorded.ballot));
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.dump() < b.second.dump();
  });
  json answers = json::array();
  for (auto& [name, ballot] : rows) answers.push_back({{"name", std::move(name)}, {"ballot", std::move(ballot)}});
  return answers;
}

// Items [offset, offset + limit) of a list (a JSON array or a vector).
template <class Items>
json slice(const Items& items, std::size_t offset, std::size_t limit) {
  json page = json::array();
  for (std::size_t i = offset; i < items.size() && i - offset < limit; ++i) page.push_back(items[i]);
  return page;
}

// The poll as configured and where it stands; shared by every audience.
json description(const Poll& poll) {
  const PollSettings& s = poll.settings();
  json view = {
      {"pollId", poll.id()},
      {"kind", to_string(s.kind)},
      {"question", s.question},
      {"anonymous", s.anonymous},
      {"resultsLive", s.results_live},
      {"status", to_string(poll.status())},
      {"resultsVisible", poll.results_visible()},
      {"voterCount", poll.voter_count()},
      {"timerSeconds", s.timer_seconds ? json(*s.timer_seconds) : json(nullptr)},
  };
  switch (s.kind) {
    case PollKind::multi: view["maxChoices"] = s.max_choices; [[fallthrough]];
    case PollKind::single: view["options"] = s.options; break;
    case PollKind::scale:
      view["scale"] = {{"min", s.scale.min}, {"max", s.scale.max}, {"minLabel", s.scale.min_label},
                       {"maxLabel", s.scale.max_label}};
      break;
    case PollKind::wordcloud:
    case PollKind::open:
      view["maxEntries"] = s.max_entries;
      view["maxLength"] = s.max_length;
      break;
  }
  return view;
}

}  // namespace

json poll_public_view(const Poll& poll) {
  json view = description(poll);
  view["results"] = poll.results_visible() ? results_json(poll, Shown::most_given) : json(nullptr);
  return view;
}

json poll_facilitator_view(const Poll& poll) {
  json view = description(poll);
  view["revealed"] = poll.revealed();
  view["results"] = results_json(poll, Shown::all);
  if (!poll.settings().anonymous) view["answers"] = named_answers(poll);
  return view;
}

json poll_console_view(const Poll& poll) {
  json view = description(poll);
  view["revealed"] = poll.revealed();
  view["results"] = results_json(poll, Shown::first_page);
  if (!poll.settings().anonymous) {
    json answers = named_answers(poll);
    view["answerCount"] = answers.size();
    view["answers"] = slice(answers, 0, console_answers_page);
  }
  return view;
}

json poll_results_page(const Poll& poll, std::size_t offset, std::size_t limit) {
  limit = std::min(limit, console_answers_page);
  json page = {{"pollId", poll.id()}, {"offset", offset}};
  if (poll.settings().kind == PollKind::open) {
    const Tally t = tally(poll);
    page["textCount"] = t.texts.size();
    page["texts"] = slice(t.texts, offset, limit);
  }
  if (!poll.settings().anonymous) {
    const json answers = named_answers(poll);
    page["answerCount"] = answers.size();
    page["answers"] = slice(answers, offset, limit);
  }
  return page;
}

json poll_own_ballot_view(const Poll& poll, const std::string& voter_key) {
  const Ballot* ballot = poll.ballot_of(voter_key);
  return {{"pollId", poll.id()},
          {"status", to_string(poll.status())},
          {"ballot", ballot ? ballot_to_json(*ballot) : json(nullptr)}};
}

}  // namespace huddle::core
