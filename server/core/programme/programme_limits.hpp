#pragma once
// Every limit of the programme layer, named (README "Limits"). Bad input past one gets a clear error.
#include <cstddef>

namespace huddle::core {

inline constexpr std::size_t max_cohort_members = 200;       // people enrolled in one cohort
inline constexpr std::size_t max_reflection_code_points = 1000;  // a task's free-text reflection
inline constexpr std::size_t max_refresher_card_code_points = 280;  // an answer to a refresher's card prompt
inline constexpr std::size_t max_checkin_note_code_points = 500;  // a manager's weekly note
inline constexpr std::size_t max_cohort_title_code_points = 80;
inline constexpr std::size_t max_webhook_url_bytes = 500;
// Anonymous reflections and refresher cards reach the facilitator only in shuffled batches of at least this
// many, from as many different members: as cards (README "Anonymity, precisely"). There is no "release
// now": a member's reflection that never gets K-1 companions is never shown.
inline constexpr std::size_t reflection_release_writers = 3;
// The facilitator sees a competency's self-ratings for a session as a mean only once this many members rated
// it: a mean of one or two, beside who has done the task, would be one person's rating.
inline constexpr std::size_t rating_mean_min_raters = 3;


// Programme scripts (scenarios/README.md "Programmes", scenarios/schema/programme.schema.json): the parser
// refuses a file past any of these, naming the field and the limit. Lengths are in characters.
inline constexpr std::size_t min_programme_id_chars = 3;
inline constexpr std::size_t max_programme_id_chars = 64;
inline constexpr std::size_t min_programme_title_chars = 3;
inline constexpr std::size_t max_programme_title_chars = 120;
inline constexpr std::size_t max_programme_description_chars = 1000;
inline constexpr std::size_t max_programme_sessions = 12;
inline constexpr int max_programme_day = 365;  // a session's planned day, counted from the cohort's start
inline constexpr int min_pod_size = 3;
inline constexpr int max_pod_size = 5;
inline constexpr std::size_t max_checklist_items = 8;  // the manager's weekly observation checklist
inline constexpr std::size_t min_checklist_item_chars = 3;
inline constexpr std::size_t max_checklist_item_chars = 160;
inline constexpr std::size_t min_session_title_chars = 3;
inline constexpr std::size_t max_session_title_chars = 80;
inline constexpr std::size_t min_task_title_chars = 3;
inline constexpr std::size_t max_task_title_chars = 80;
inline constexpr std::size_t min_task_text_chars = 10;
inline constexpr std::size_t max_task_text_chars = 1000;
inline constexpr int max_task_due_days = 28;
// A bring-back prompt, a yes/no question, a refresher's poll question or card prompt.
inline constexpr std::size_t min_prompt_chars = 3;
inline constexpr std::size_t max_prompt_chars = 200;
inline constexpr int max_refresher_day = 28;
inline constexpr std::size_t min_refresher_options = 2;
inline constexpr std::size_t max_refresher_options = 6;
inline constexpr std::size_t max_refresher_option_chars = 80;

}  // namespace huddle::core
