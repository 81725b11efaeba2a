#include "hub/programme_desk.hpp"

#include <algorithm>
#include <chrono>
#include <future>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "core/iso_utc.hpp"
#include "core/join_code.hpp"
#include "core/programme/cohort_calendar.hpp"
#include "core/programme/programme_limits.hpp"
#include "core/programme/programme_listing.hpp"
#include "core/programme/programme_report_csv.hpp"
#include "hub/hub.hpp"
#include "hub/secrets.hpp"
#include "scenario/programme_parser.hpp"

namespace huddle::hub {
namespace {

using nlohmann::json;
using protocol::ErrorCode;

// Personal tokens: 32 random bytes, as resume tokens and facilitator keys.
constexpr std::size_t token_bytes = 32;

ApiReply reply(int status, const json& body) { return {status, "application/json", body.dump()}; }
ApiReply error(int status, std::string_view message) { return reply(status, {{"error", message}}); }
ApiReply refused(const core::Rejection& no) {
  const int status = no.code == ErrorCode::rate_limited ? 429 : no.code == ErrorCode::unavailable ? 503 : 409;
  return reply(status, {{"error", no.message}, {"code", protocol::to_string(no.code)}});
}
// Every secret that opens nothing gets this answer, whatever it was.
ApiReply not_found() { return error(404, "Nothing opens with that link, code or key. Check it, or ask your facilitator."); }
ApiReply blocked() {
  return error(429, "Too many wrong codes, links or keys from your network. Wait a minute and try again.");
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at < path.size()) {
    if (path[at] == '/') {
      ++at;
      continue;
    }
    const auto end = path.find('/', at);
    parts.emplace_back(path.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (end == std::string_view::npos) break;
    at = end;
  }
  return parts;
}

// A session number from the path: 1..count, or nothing.
std::optional<int> session_number(const std::string& text, std::size_t count) {
  if (text.empty() || text.size() > 2 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const int n = std::stoi(text);
  if (n < 1 || static_cast<std::size_t>(n) > count) return std::nullopt;
  return n;
}

// The request's body as a JSON object, or why not.
std::variant<json, ApiReply> body_object(const ApiRequest& r) {
  if (r.body.empty()) return json::object();
  json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return error(400, "The request body is not JSON.");
  if (!body.is_object()) return error(400, "The request body must be a JSON object.");
  return body;
}

// A field of the body of the given type, if present; a reply when it has the wrong type.
template <class T>
std::variant<std::optional<T>, ApiReply> field(const json& body, const char* name, std::string_view expected) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<T>{};
  const bool ok = [&] {
    if constexpr (std::is_same_v<T, std::string>) return it->is_string();
    else if constexpr (std::is_same_v<T, bool>) return it->is_boolean();
    else if constexpr (std::is_same_v<T, int>) return it->is_number_integer() && it->get<long long>() >= -1000000 && it->get<long long>() <= 1000000;
    else return true;
  }();
  if (!ok) return error(400, std::string("'") + name + "' must be " + std::string(expected) + ".");
  return std::optional<T>{it->get<T>()};
}

// Unwraps a field<T>() result into `out`, or returns its reply from the enclosing function.
#define HUDDLE_FIELD(out, T, body, name, expected)              \
  std::optional<T> out;                                         \
  {                                                             \
    auto got = field<T>(body, name, expected);                  \
    if (auto* bad = std::get_if<ApiReply>(&got)) return *bad;   \
    out = std::get<std::optional<T>>(std::move(got));           \
  }

// The resume token a member has in one of their cohort's sessions: derived from their secret token and the
// join code, so it is the same on every device and every visit, and differs between sessions.
std::string member_resume_token(const std::string& member_token, const std::string& code) {
  return sha256_hex("huddle member seat\n" + member_token + "\n" + code);
}

std::string hash_secret(const std::string& secret) { return sha256_hex(secret); }

// The member's calendar feed token, derived from their personal token: the feed's URL goes into calendar
// apps and their servers, so it opens only the schedule, and the member page can always show it again
// although only its hash is kept.
std::string feed_token(const std::string& member_token) { return sha256_hex("huddle calendar feed\n" + member_token); }

}  // namespace

ProgrammeDesk::ProgrammeDesk(Hub& hub, scenario::ProgrammeCatalog& programmes, scenario::ScenarioCatalog& scenarios,
                             store::CohortStore& store, Clock clock, ProgrammeOptions options, WebhookPort webhooks)
    : hub_(hub),
      programmes_(programmes),
      scenarios_(scenarios),
      store_(store),
      clock_(std::move(clock)),
      options_(std::move(options)),
      webhooks_(std::move(webhooks)) {}

ProgrammeDesk::~ProgrammeDesk() { stop(); }

bool ProgrammeDesk::serves(std::string_view path) {
  for (std::string_view prefix : {"/api/programmes", "/api/cohorts", "/api/enrol", "/api/me", "/api/manager", "/api/calendar/"}) {
    if (path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/' || prefix.ends_with('/'))) {
      return true;
    }
  }
  return false;
}

std::size_t ProgrammeDesk::load() {
  std::size_t count = 0;
  for (auto& [id, text] : store_.load_all()) {
    json snapshot = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (snapshot.is_discarded()) throw std::runtime_error("cohort " + id + ": its stored snapshot is not JSON");
    auto cohort = core::Cohort::from_json(snapshot, &scenario::parse_stored_programme);
    auto [it, fresh] = cohorts_.emplace(id, Entry{std::move(cohort), {}});
    index(it->second);
    ++count;
  }
  return count;
}

void ProgrammeDesk::start() {
  boost::asio::post(thread_, [this] {
    timer_ = std::make_unique<boost::asio::steady_timer>(thread_.get_executor());
    tick();
    schedule();
  });
}

void ProgrammeDesk::stop() {
  if (stopped_) return;
  stopped_ = true;
  std::promise<void> done;
  boost::asio::post(thread_, [this, &done] {
    timer_.reset();
    done.set_value();
  });
  done.get_future().wait();
  thread_.join();
}

void ProgrammeDesk::schedule() {
  if (!timer_) return;
  timer_->expires_after(std::chrono::milliseconds(options_.tick_ms));
  timer_->async_wait([this](boost::system::error_code ec) {
    if (ec || !timer_) return;
    tick();
    schedule();
  });
}

void ProgrammeDesk::tick_now() {
  std::promise<void> done;
  boost::asio::post(thread_, [this, &done] {
    tick();
    done.set_value();
  });
  done.get_future().wait();
}

void ProgrammeDesk::handle(ApiRequest request, Done done) {
  boost::asio::post(thread_, [this, request = std::move(request), done = std::move(done)]() mutable {
    std::optional<ApiReply> answer;
    try {
      answer = route(request, done);
    } catch (const std::exception& e) {
      spdlog::error("programme API {} {}: {}", request.method, request.path, e.what());
      answer = error(500, "Something went wrong on the server. Try again.");
    }
    // Nothing yet: route() took `done` along to answer later (the report waits for the sessions' reports).
    if (answer) done(std::move(*answer));
  });
}

void ProgrammeDesk::seat(std::string code, std::string member_token, std::function<void(std::optional<MemberSeat>)> done) {
  boost::asio::post(thread_, [this, code = std::move(code), token = std::move(member_token), done = std::move(done)] {
    Entry* e = find_by("s:" + code);
    const core::CohortMember* m = e ? e->cohort.member_by_token(hash_secret(token)) : nullptr;
    auto where = e ? e->cohort.session_of(code) : std::nullopt;
    if (!m || !where || e->cohort.ended_at() != 0) return done(std::nullopt);
    // A pod session takes only its own pod's members.
    if (where->pod != 0 && e->cohort.pod_of(m->id, where->session) != where->pod) return done(std::nullopt);
    done(MemberSeat{e->cohort.id(), m->id, where->session, m->name, member_resume_token(token, code)});
  });
}

void ProgrammeDesk::attended(MemberSeat seat) {
  boost::asio::post(thread_, [this, seat = std::move(seat)] {
    auto it = cohorts_.find(seat.cohort_id);
    if (it == cohorts_.end()) return;
    const json before = it->second.cohort.to_json();
    it->second.cohort.attended(seat.session, seat.member_id);
    if (it->second.cohort.to_json() != before) (void)save(it->second, before);
  });
}

ProgrammeDesk::Entry* ProgrammeDesk::find_by(const std::string& index_key) {
  auto it = index_.find(index_key);
  if (it == index_.end()) return nullptr;
  auto c = cohorts_.find(it->second);
  return c == cohorts_.end() ? nullptr : &c->second;
}

void ProgrammeDesk::index(Entry& e) {
  unindex(e);
  const auto& c = e.cohort;
  std::vector<std::string> keys;
  if (c.ended_at() == 0) keys.push_back("e:" + c.enrol_code());
  for (const auto& m : c.members()) {
    if (m.removed) continue;
    keys.push_back("m:" + m.token_hash);
    keys.push_back("f:" + m.feed_hash);
    if (const auto* manager = c.manager_of(m.id)) keys.push_back("g:" + manager->token_hash);
  }
  for (std::size_t n = 1; n <= c.programme().sessions.size(); ++n) {
    for (int pod = 0; pod <= static_cast<int>(core::max_cohort_members); ++pod) {
      auto code = c.code_of(static_cast<int>(n), pod);
      if (code) keys.push_back("s:" + *code);
      else if (pod > 0) break;  // pods are numbered from 1 without gaps
    }
  }
  for (const auto& k : keys) index_[k] = c.id();
  e.index_keys = std::move(keys);
}

void ProgrammeDesk::unindex(Entry& e) {
  for (const auto& k : e.index_keys) {
    auto it = index_.find(k);
    if (it != index_.end() && it->second == e.cohort.id()) index_.erase(it);
  }
  e.index_keys.clear();
}

std::optional<ApiReply> ProgrammeDesk::save(Entry& e, const json& before) {
  const std::string text = e.cohort.to_json().dump();
  const bool too_big = text.size() > options_.max_snapshot_bytes;
  std::error_code ec;
  if (!too_big) ec = store_.save(e.cohort.id(), text);
  if (!too_big && !ec) {
    index(e);
    return std::nullopt;
  }
  // Not stored: the change did not happen.
  e.cohort = core::Cohort::from_json(before, &scenario::parse_stored_programme);
  index(e);
  if (too_big) return error(413, "This cohort holds as much as it may; nothing more can be added to it.");
  spdlog::error("cohort {}: could not store a change: {}", e.cohort.id(), ec.message());
  return error(503, "The server could not save that. Try again.");
}

std::optional<ApiReply> ProgrammeDesk::remove(const std::string& id) {
  auto it = cohorts_.find(id);
  if (it == cohorts_.end()) return std::nullopt;
  // Its sessions first (each pod's too): what members wrote in them is cohort data. A session that cannot
  // be deleted keeps the cohort, so the facilitator's "Delete" can be tried again and nothing is orphaned.
  for (const auto& code : it->second.cohort.session_codes()) {
    if (auto ec = hub_.delete_session(code)) {
      spdlog::error("cohort {}: could not delete its session {}: {}", id, code, ec.message());
      return error(503, "The server could not delete the cohort's sessions. Try again.");
    }
  }
  if (auto ec = store_.remove(id)) {
    spdlog::error("cohort {}: could not delete it: {}", id, ec.message());
    return error(503, "The server could not delete the cohort. Try again.");
  }
  unindex(it->second);
  cohorts_.erase(it);
  spdlog::info("cohort {} deleted", id);
  return std::nullopt;
}

ProgrammeDesk::Entry* ProgrammeDesk::cohort_for_key(const std::string& id, const ApiRequest& r) {
  auto it = cohorts_.find(id);
  // The key is hashed and compared whether or not the cohort exists, so the time says nothing about the id.
  const std::string typed = hash_secret(r.facilitator_key);
  const std::string& kept = it == cohorts_.end() ? typed : it->second.cohort.key_hash();
  const bool opens = constant_time_equal(typed, kept) && it != cohorts_.end() && !r.facilitator_key.empty();
  if (!opens) {
    hub_.charge_miss(r.address);
    return nullptr;
  }
  return &it->second;
}

std::optional<ApiReply> ProgrammeDesk::route(const ApiRequest& r, Done& done) {
  const auto parts = split_path(r.path);  // "api", ...
  const core::Millis now = clock_();
  const std::string& m = r.method;
  if (parts.size() < 2) return error(404, "no such API");
  const std::string& area = parts[1];

  if (area == "programmes" && parts.size() == 2 && m == "GET") {
    json list = json::array();
    for (const auto& p : programmes_.list()) list.push_back(core::programme_listing(*p));
    return reply(200, {{"programmes", list}});
  }

  // Everything below opens with a secret: an address out of guesses is told so before anything is looked up.
  if (hub_.guessing_blocked(r.address)) return blocked();

  if (area == "cohorts" && parts.size() == 2 && m == "POST") {
    auto parsed = body_object(r);
    if (auto* bad = std::get_if<ApiReply>(&parsed)) return *bad;
    const json& body = std::get<json>(parsed);
    HUDDLE_FIELD(programme_id, std::string, body, "programme", "a programme id");
    HUDDLE_FIELD(title, std::string, body, "title", "text");
    HUDDLE_FIELD(starts, std::string, body, "startsAt", "a time such as 2027-01-12T09:30:00Z");
    if (!programme_id) return error(400, "Say which programme: 'programme'.");
    auto programme = programmes_.find(*programme_id);
    if (!programme) return reply(404, {{"error", "No programme has the id '" + programme_id->substr(0, 64) + "'."}});
    if (!starts) return error(400, "Say when the first session is: 'startsAt', such as 2027-01-12T09:30:00Z.");
    auto starts_at = core::parse_iso_utc(*starts);
    if (!starts_at) return error(400, "'startsAt' must be a time such as 2027-01-12T09:30:00Z (UTC).");
    if (cohorts_.size() >= options_.max_cohorts) return error(503, "This server keeps as many cohorts as it can.");
    // Creating a cohort is creating sessions to come: the same allowance as session.create.
    if (!hub_.take_creation(r.address)) {
      return error(429, "Too many new sessions and cohorts from your network. Wait a minute and try again.");
    }
    const std::string id = random_token(9);
    const std::string key = random_token(token_bytes);
    std::string enrol;
    do enrol = core::make_join_code(random_u64()) + core::make_join_code(random_u64()).substr(0, 2);
    while (index_.contains("e:" + enrol));
    auto cohort = core::Cohort::create(id, programme, title.value_or(""), hash_secret(key), enrol, *starts_at, now);
    auto [it, fresh] = cohorts_.emplace(id, Entry{std::move(cohort), {}});
    if (auto failed = save(it->second, it->second.cohort.to_json())) {
      cohorts_.erase(it);
      return *failed;
    }
    spdlog::info("cohort {} created from programme '{}'", id, programme->id);
    return reply(201, {{"cohort", id}, {"facilitatorKey", key}, {"enrolCode", enrol}});
  }

  if (area == "cohorts" && parts.size() >= 3) {
    Entry* e = cohort_for_key(parts[2], r);
    if (!e) return not_found();
    auto& c = e->cohort;
    const json before = c.to_json();
    const std::size_t count = c.programme().sessions.size();
    if (parts.size() == 3 && m == "GET") return reply(200, c.facilitator_view(now));
    if (parts.size() == 3 && m == "DELETE") {
      if (auto failed = remove(parts[2])) return *failed;
      return reply(200, json::object());
    }
    if (parts.size() == 4 && parts[3] == "end" && m == "POST") {
      c.end(now);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, json::object());
    }
    if (parts.size() == 4 && parts[3] == "report" && m == "GET") {
      const bool csv = r.query.find("format=csv") != std::string::npos;
      report(*e, r, csv, std::move(done));
      return std::nullopt;
    }
    if (parts.size() == 5 && parts[3] == "sessions" && m == "POST") {
      auto n = session_number(parts[4], count);
      if (!n) return error(404, "This programme has no such session.");
      if (c.ended_at() != 0) return refused({ErrorCode::session_ended, "This cohort has ended."});
      if (auto code = c.code_of(*n)) return reply(200, {{"code", *code}});
      const auto& planned = c.programme().sessions[static_cast<std::size_t>(*n - 1)];
      auto scenario = scenarios_.find(planned.scenario);
      if (!scenario) return refused({ErrorCode::scenario_not_found, "The scenario '" + planned.scenario + "' is not on this server any more."});
      if (planned.pod) {
        return refused({ErrorCode::invalid_field, "Session " + std::to_string(*n) + " is a pod session: each pod starts its own, from their page."});
      }
      auto started = hub_.start_session(planned.scenario, r.facilitator_key, r.address);
      if (auto* no = std::get_if<core::Rejection>(&started)) return refused(*no);
      const std::string code = std::get<std::string>(started);
      if (auto no = c.session_started(*n, 0, code, random_u64(), now)) return refused(*no);
      if (auto failed = save(*e, before)) return *failed;
      spdlog::info("cohort {}: session {} started as {}", c.id(), *n, code);
      return reply(200, {{"code", code}});
    }
    if (parts.size() == 4 && parts[3] == "surface" && m == "POST") {
      auto parsed = body_object(r);
      if (auto* bad = std::get_if<ApiReply>(&parsed)) return *bad;
      const json& body = std::get<json>(parsed);
      HUDDLE_FIELD(id, std::string, body, "id", "a reflection id");
      HUDDLE_FIELD(surfaced, bool, body, "surfaced", "true or false");
      if (!id) return error(400, "Say which reflection: 'id'.");
      if (auto no = c.surface(*id, surfaced.value_or(true))) return refused(*no);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, json::object());
    }
    if (parts.size() == 4 && parts[3] == "webhook" && (m == "PUT" || m == "DELETE")) {
      if (m == "DELETE") {
        c.set_webhook("", "");
        if (auto failed = save(*e, before)) return *failed;
        return reply(200, json::object());
      }
      auto parsed = body_object(r);
      if (auto* bad = std::get_if<ApiReply>(&parsed)) return *bad;
      HUDDLE_FIELD(url, std::string, std::get<json>(parsed), "url", "a URL");
      if (!url) return error(400, "Say where: 'url'.");
      if (url->size() > core::max_webhook_url_bytes) return error(400, "That URL is too long.");
      if (!webhooks_.check) return refused({ErrorCode::forbidden, "This server sends no webhooks (its operator has not allowed any host: --webhook-allow)."});
      if (auto why = webhooks_.check(*url)) return refused({ErrorCode::invalid_field, *why});
      const std::string secret = random_token(token_bytes);
      c.set_webhook(*url, secret);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, {{"secret", secret}});
    }
    if (parts.size() == 6 && parts[3] == "members" && parts[5] == "remove" && m == "POST") {
      if (auto no = c.remove_member(parts[4], now)) return refused(*no);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, json::object());
    }
    return error(404, "no such API");
  }

  if (area == "enrol" && parts.size() == 2 && m == "POST") {
    auto parsed = body_object(r);
    if (auto* bad = std::get_if<ApiReply>(&parsed)) return *bad;
    const json& body = std::get<json>(parsed);
    HUDDLE_FIELD(code, std::string, body, "code", "the enrolment code");
    HUDDLE_FIELD(name, std::string, body, "name", "your name");
    if (!code || !name) return error(400, "Send the enrolment code and your name: 'code' and 'name'.");
    // Charged before the code is looked up, so this answer says nothing about the code.
    if (!hub_.take_join(r.address)) {
      return error(429, "Too many people have joined from your network in the last minute. Please wait a minute and try again.");
    }
    std::string typed = *code;
    std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    typed.erase(std::remove_if(typed.begin(), typed.end(), [](char ch) { return ch == ' ' || ch == '-'; }), typed.end());
    Entry* e = find_by("e:" + typed);
    if (!e) {
      hub_.charge_miss(r.address);
      return not_found();
    }
    const json before = e->cohort.to_json();
    const std::string token = random_token(token_bytes), feed = feed_token(token);
    const std::string member_id = random_id("m-");
    if (auto no = e->cohort.enrol(member_id, *name, hash_secret(token), hash_secret(feed), now)) return refused(*no);
    if (auto failed = save(*e, before)) return *failed;
    const auto* member = e->cohort.member(member_id);
    return reply(201, {{"memberToken", token}, {"cohort", e->cohort.id()}, {"name", member ? member->name : *name}});
  }

  if (area == "me") {
    const std::string hash = hash_secret(r.member_token);
    Entry* e = r.member_token.empty() ? nullptr : find_by("m:" + hash);
    const core::CohortMember* me = e ? e->cohort.member_by_token(hash) : nullptr;
    if (!me) {
      hub_.charge_miss(r.address);
      return not_found();
    }
    auto& c = e->cohort;
    const std::string member_id = me->id;
    const json before = c.to_json();
    const std::size_t count = c.programme().sessions.size();
    auto view = [&] {
      json v = c.member_view(member_id, now);
      v["calendar"] = "/api/calendar/" + feed_token(r.member_token) + ".ics";
      return v;
    };
    if (parts.size() == 2 && m == "GET") return reply(200, view());
    if (parts.size() == 4 && parts[2] == "tasks" && m == "PUT") {
      auto n = session_number(parts[3], count);
      if (!n) return error(404, "This programme has no such session.");
      auto parsed = body_object(r);
      if (auto* bad = std::get_if<ApiReply>(&parsed)) return *bad;
      const json& body = std::get<json>(parsed);
      core::TaskInput input;
      HUDDLE_FIELD(yes_no, bool, body, "yesNo", "true or false");
      HUDDLE_FIELD(text, std::string, body, "text", "text");
      input.yes_no = yes_no;
      input.text = text;
      if (auto it = body.find("ratings"); it != body.end() && !it->is_null()) {
        if (!it->is_object() || it->size() > 20) return error(400, "'ratings' must be an object of competency: 1 to 5.");
        for (const auto& [competency, value] : it->items()) {
          if (!value.is_number_integer()) return error(400, "Each rating must be a whole number from 1 to 5.");
          input.ratings[competency] = static_cast<int>(std::clamp<long long>(value.get<long long>(), -1, 99));
        }
      }
      if (auto it = body.find("share"); it != body.end() && !it->is_null()) {
        if (!it->is_object()) return error(400, "'share' must be an object: yesNo, ratings, text.");
        HUDDLE_FIELD(s_yes_no, bool, *it, "yesNo", "true or false");
        HUDDLE_FIELD(s_ratings, bool, *it, "ratings", "true or false");
        HUDDLE_FIELD(s_text, bool, *it, "text", "true or false");
        input.share_yes_no = s_yes_no.value_or(false);
        input.share_ratings = s_ratings.value_or(false);
        input.share_text = s_text.value_or(false);
      }
      if (auto no = c.answer_task(member_id, *n, input, random_u64(), now)) return refused(*no);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, view());
    }
    if (parts.size() == 4 && parts[2] == "refreshers" && m == "POST") {
      auto n = session_number(parts[3], count);
      if (!n) return error(404, "This programme has no such session.");
      auto parsed = body_object(r);
      if (auto* bad = std::get_if<ApiReply>(&parsed)) return *bad;
      const json& body = std::get<json>(parsed);
      HUDDLE_FIELD(option, int, body, "option", "an option's number, from 0");
      HUDDLE_FIELD(card, std::string, body, "card", "text");
      if (auto no = c.answer_refresher(member_id, *n, option, card, random_u64(), now)) return refused(*no);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, view());
    }
    if (parts.size() == 3 && parts[2] == "manager" && (m == "POST" || m == "DELETE")) {
      if (m == "DELETE") {
        c.revoke_manager(member_id);
        if (auto failed = save(*e, before)) return *failed;
        return reply(200, json::object());
      }
      auto parsed = body_object(r);
      if (auto* bad = std::get_if<ApiReply>(&parsed)) return *bad;
      HUDDLE_FIELD(name, std::string, std::get<json>(parsed), "name", "text");
      const std::string token = random_token(token_bytes);
      if (auto no = c.invite_manager(member_id, hash_secret(token), name.value_or(""), now)) return refused(*no);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, {{"managerToken", token}});
    }
    if (parts.size() == 4 && parts[2] == "pod" && m == "POST") {
      auto n = session_number(parts[3], count);
      if (!n) return error(404, "This programme has no such session.");
      if (c.ended_at() != 0) return refused({ErrorCode::session_ended, "This cohort has ended."});
      const auto& planned = c.programme().sessions[static_cast<std::size_t>(*n - 1)];
      if (!planned.pod) {
        return refused({ErrorCode::invalid_field, "Session " + std::to_string(*n) + " is run by your facilitator, not by your pod."});
      }
      if (now + 24LL * 3600 * 1000 < c.planned_at(*n)) {
        return refused({ErrorCode::invalid_field, "Your pod's session opens on the day it is planned for."});
      }
      c.form_pods(*n, random_u64());
      const int pod = c.pod_of(member_id, *n);
      if (pod == 0) return refused({ErrorCode::forbidden, "You are not in a pod yet."});
      if (auto code = c.code_of(*n, pod)) return reply(200, {{"code", *code}});
      // A pod has no facilitator: its key is drawn and thrown away, as for pod.create.
      auto started = hub_.start_session(planned.scenario, random_token(token_bytes), r.address);
      if (auto* no = std::get_if<core::Rejection>(&started)) return refused(*no);
      const std::string code = std::get<std::string>(started);
      if (auto no = c.session_started(*n, pod, code, random_u64(), now)) return refused(*no);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, {{"code", code}});
    }
    return error(404, "no such API");
  }

  if (area == "manager") {
    const std::string hash = hash_secret(r.manager_token);
    Entry* e = r.manager_token.empty() ? nullptr : find_by("g:" + hash);
    if (!e || !e->cohort.manager_by_token(hash)) {
      hub_.charge_miss(r.address);
      return not_found();
    }
    auto& c = e->cohort;
    const json before = c.to_json();
    if (parts.size() == 2 && m == "GET") return reply(200, c.manager_view(hash, now));
    if (parts.size() == 4 && parts[2] == "checkins" && m == "PUT") {
      auto n = session_number(parts[3], c.programme().sessions.size());
      if (!n) return error(404, "This programme has no such session.");
      auto parsed = body_object(r);
      if (auto* bad = std::get_if<ApiReply>(&parsed)) return *bad;
      const json& body = std::get<json>(parsed);
      HUDDLE_FIELD(note, std::string, body, "note", "text");
      std::vector<int> ticked;
      if (auto it = body.find("ticked"); it != body.end() && !it->is_null()) {
        if (!it->is_array() || it->size() > 20) return error(400, "'ticked' must be a list of checklist item numbers.");
        for (const auto& t : *it) {
          if (!t.is_number_integer()) return error(400, "'ticked' must be a list of checklist item numbers.");
          ticked.push_back(static_cast<int>(std::clamp<long long>(t.get<long long>(), -1, 99)));
        }
      }
      if (auto no = c.check_in(hash, *n, std::move(ticked), note.value_or(""), now)) return refused(*no);
      if (auto failed = save(*e, before)) return *failed;
      return reply(200, c.manager_view(hash, now));
    }
    return error(404, "no such API");
  }

  if (area == "calendar" && parts.size() == 3 && m == "GET" && parts[2].ends_with(".ics")) {
    const std::string feed = parts[2].substr(0, parts[2].size() - 4);
    const std::string hash = hash_secret(feed);
    Entry* e = feed.empty() ? nullptr : find_by("f:" + hash);
    const core::CohortMember* member = e ? e->cohort.member_by_feed(hash) : nullptr;
    if (!member) {
      hub_.charge_miss(r.address);
      return not_found();
    }
    return ApiReply{200, "text/calendar; charset=utf-8", core::cohort_calendar(e->cohort, member->id, now)};
  }
  return error(404, "no such API");
}

void ProgrammeDesk::report(Entry& e, const ApiRequest& r, bool csv, Done done) {
  // The live sessions' reports come from their strands (or, once ended, from the journal); the answer goes
  // out when the last has come back. The cohort's own part is taken now.
  struct Gathering {
    json result;
    std::vector<std::pair<int, std::string>> codes;  // session number, join code
    std::vector<json> reports;
    std::size_t left = 0;
    bool csv = false;
    Done done;
  };
  auto g = std::make_shared<Gathering>();
  g->result = e.cohort.report(clock_());
  g->csv = csv;
  g->done = std::move(done);
  for (std::size_t n = 1; n <= e.cohort.programme().sessions.size(); ++n) {
    if (auto code = e.cohort.code_of(static_cast<int>(n))) g->codes.emplace_back(static_cast<int>(n), *code);
  }
  g->reports.resize(g->codes.size());
  g->left = g->codes.size();
  auto finish = [](Gathering& all) {
    // A question asked in more than one poll of the cohort's sessions, in the order asked.
    std::map<std::string, json> asked;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < all.codes.size(); ++i) {
      if (!all.reports[i].is_object() || !all.reports[i].contains("polls")) continue;
      for (const auto& poll : all.reports[i]["polls"]) {
        if (!poll.contains("question") || !poll["question"].is_string()) continue;
        const std::string q = poll["question"].get<std::string>();
        if (!asked.contains(q)) order.push_back(q);
        asked[q].push_back({{"session", all.codes[i].first},
                            {"code", all.codes[i].second},
                            {"kind", poll.value("kind", json(nullptr))},
                            {"votes", poll.value("voterCount", json(nullptr))},
                            {"results", poll.value("results", json(nullptr))}});
      }
    }
    json repeated = json::array();
    for (const auto& q : order) {
      if (asked[q].size() < 2) continue;
      repeated.push_back({{"question", q}, {"kind", asked[q][0]["kind"]}, {"asked", asked[q]}});
    }
    all.result["repeatedPolls"] = std::move(repeated);
    if (all.csv) return all.done({200, "text/csv; charset=utf-8", core::programme_report_csv(all.result)});
    all.done(reply(200, all.result));
  };
  if (g->codes.empty()) return finish(*g);
  for (std::size_t i = 0; i < g->codes.size(); ++i) {
    // An empty address: the desk asks on the facilitator's behalf, with the key that opened the cohort, and
    // a session deleted since answers 404 without charging anyone.
    hub_.report(g->codes[i].second, r.facilitator_key, "", [this, g, i, finish](int status, json body) {
      boost::asio::post(thread_, [g, i, finish, status, body = std::move(body)]() mutable {
        if (status == 200) g->reports[i] = std::move(body);
        if (--g->left == 0) finish(*g);
      });
    });
  }
}

void ProgrammeDesk::tick() {
  const core::Millis now = clock_();
  std::vector<std::string> expired;
  for (auto& [id, e] : cohorts_) {
    auto& c = e.cohort;
    const json before = c.to_json();
    if (c.ended_at() == 0) {
      core::Millis last = c.starts_at();
      for (std::size_t n = 1; n <= c.programme().sessions.size(); ++n) {
        last = std::max({last, c.planned_at(static_cast<int>(n)), c.task_due_at(static_cast<int>(n))});
      }
      if (now >= last + options_.auto_end_after_ms) {
        c.end(now);
        spdlog::info("cohort {} ended: its last task was due {} days ago", id, options_.auto_end_after_ms / 86'400'000);
      } else {
        notify(e, now);
      }
    }
    if (c.ended_at() != 0 && now >= c.ended_at() + options_.retention_ms) {
      expired.push_back(id);
      continue;
    }
    if (c.to_json() != before) (void)save(e, before);
  }
  for (const auto& id : expired) {
    if (!remove(id)) spdlog::info("cohort {}: deleted, its retention having passed", id);
  }
}

void ProgrammeDesk::notify(Entry& e, core::Millis now) {
  auto& c = e.cohort;
  if (c.webhook_url().empty() || !webhooks_.send) return;
  // A notice is sent once, inside its window; one whose window passed while the server was down is not
  // sent late (a "starting soon" after the start helps nobody).
  constexpr core::Millis late = 3600'000;
  std::optional<json> view;
  for (std::size_t i = 1; i <= c.programme().sessions.size(); ++i) {
    const int n = static_cast<int>(i);
    const auto& planned = c.programme().sessions[i - 1];
    const std::string starting = "session.starting:" + std::to_string(n);
    const core::Millis at = c.planned_at(n);
    if (!c.notified(starting) && now >= at - options_.session_notice_ms && now < at + late) {
      webhooks_.send(c.webhook_url(), c.webhook_secret(),
                     json{{"event", "session.starting"}, {"cohort", c.id()}, {"session", n}, {"title", planned.title},
                          {"plannedAt", core::iso_utc(at)}}.dump());
      c.mark_notified(starting);
    }
    const std::string due_key = "task.due:" + std::to_string(n);
    const core::Millis due = c.task_due_at(n);
    if (planned.task && !c.notified(due_key) && now >= due - options_.task_notice_ms && now < due) {
      if (!view) view = c.facilitator_view(now);
      json not_done = json::array();
      for (const auto& m : (*view)["members"]) {
        const auto& tasks = m.value("tasks", json::object());
        if (tasks.value(std::to_string(n), std::string()) != "done") not_done.push_back(m.value("name", ""));
      }
      webhooks_.send(c.webhook_url(), c.webhook_secret(),
                     json{{"event", "task.due"}, {"cohort", c.id()}, {"session", n}, {"title", planned.task->title},
                          {"dueAt", core::iso_utc(due)}, {"notDone", not_done}}.dump());
      c.mark_notified(due_key);
    }
  }
}

}  // namespace huddle::hub
