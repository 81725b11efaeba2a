#pragma once
// Named limits and defaults of polls, as the scenario format documents them (scenarios/README.md, "poll").
// A quick poll launched by the facilitator follows the same rules as a scripted one.
#include <cstddef>

namespace huddle::core {

inline constexpr std::size_t max_poll_question_chars = 300;
inline constexpr std::size_t min_poll_options = 2;
inline constexpr std::size_t max_poll_options = 12;
inline constexpr std::size_t max_poll_option_chars = 120;

inline constexpr int min_scale_point = -10;   // scale.min
inline constexpr int max_scale_point = 10;    // scale.min
inline constexpr int default_scale_min = 1;
inline constexpr int min_scale_span = 1;      // max - min: 2 points at least...
inline constexpr int max_scale_span = 10;     // ...and 11 at most
inline constexpr std::size_t max_scale_label_chars = 40;

inline constexpr int max_poll_entries = 10;          // maxEntries, wordcloud and open
inline constexpr int max_poll_answer_length = 1000;  // maxLength, open
inline constexpr int max_wordcloud_length = 40;      // maxLength, wordcloud: a few words, not a sentence
inline constexpr int default_wordcloud_entries = 3;
inline constexpr int default_wordcloud_length = 25;
inline constexpr int default_open_entries = 1;
inline constexpr int default_open_length = 280;

inline constexpr int min_poll_timer_seconds = 10;
inline constexpr int max_poll_timer_seconds = 3600;

// A word cloud's screens (participants, projector, console) show this many of the most frequent words; the
// rest are only counted, so one room with hundreds of distinct words cannot make every view frame huge. The
// report, read once, lists every word.
inline constexpr std::size_t wordcloud_top_words = 100;

// Open answers grow with the room (5,000 people x 10 answers x 1,000 characters is 50 MB), and every change
// would push them all to every screen. Participants and the projector see this many, the most often given
// first (then A to Z), with the total count; the console's push carries the first page of all of them A to
// Z (and of a named poll's answers), and `poll.results` pages through the rest. The report keeps everything.
inline constexpr std::size_t open_answers_shown = 100;
inline constexpr std::size_t console_answers_page = 200;  // also the largest page `poll.results` returns

}  // namespace huddle::core
