#include "report_printer.hpp"

#include <iomanip>

namespace huddle::load {

using nlohmann::json;

namespace {
std::string num(const json& j, const char* key, int precision = 1) {
  if (!j.contains(key) || j[key].is_null()) return "-";
  std::ostringstream s;
  s << std::fixed << std::setprecision(precision) << j[key].get<double>();
  return s.str();
}
}  // namespace

void ReportPrinter::section(const std::string& name, const json& s) {
  out_ << name << ":";
  if (s.contains("delivery")) {
    const auto& d = s["delivery"];
    const auto& pc = d["per_client_ms"];
    const auto& all = d["all_clients_ms"];
    out_ << " " << d["updates"] << " update(s) x " << d["clients"] << " clients; per client p50 " << num(pc, "p50_ms")
         << " p99 " << num(pc, "p99_ms") << " max " << num(pc, "max_ms") << " ms; until all have it p50 "
         << num(all, "p50_ms") << " p99 " << num(all, "p99_ms") << " max " << num(all, "max_ms") << " ms; missed "
         << d["missed_pairs"];
  }
  if (s.contains("final_tally")) {
    const auto& sent = s["since_last_vote_sent"]["all_clients_ms"];
    out_ << "; final tally " << s["final_tally"] << "\n  (from the last ack; from the last vote sent: all clients had it after "
         << num(sent, "max_ms") << " ms; vote replies p50 " << num(s["requests"]["reply_ms"], "p50_ms") << " p99 "
         << num(s["requests"]["reply_ms"], "p99_ms") << " ms)";
  }
  if (s.contains("seconds_to_join_all")) {
    out_ << " " << s["joined"] << " of " << s["clients"] << " joined in " << num(s, "seconds_to_join_all", 2)
         << " s, all had the final roster after " << num(s, "seconds_until_all_have_final_roster", 2) << " s; "
         << num(s, "received_bytes_per_join", 0) << " bytes received per join";
  }
  if (s.contains("connected")) out_ << " " << s["connected"] << " of " << s["clients"] << " connected in " << num(s, "seconds", 2) << " s";
  if (s.contains("server_rss_per_connection_bytes")) out_ << "; server RSS +" << num(s, "server_rss_per_connection_bytes", 0) << " B per connection";
  if (s.contains("window")) {
    const auto& w = s["window"];
    out_ << "\n  window " << num(w, "seconds", 2) << " s: " << w["messages"] << " messages, " << w["bytes"]
         << " bytes received; server CPU " << num(w, "server_cpu_seconds", 2) << " s = "
         << num(w, "server_cpu_us_per_message", 2) << " us/message (user " << num(w, "server_user_us_per_message", 2)
         << ", kernel " << num(w, "server_system_us_per_message", 2) << "); server RSS " << num(w, "server_rss_start_kib", 0)
         << " -> " << num(w, "server_rss_end_kib", 0) << " KiB (peak sampled " << num(w, "server_rss_window_peak_kib", 0)
         << "); tool CPU " << num(w, "tool_cpu_share", 2) << " of a core";
  }
  if (s.contains("slow_readers")) {
    out_ << "\n  slow readers " << s["slow_readers"] << ": closed by the server " << s["slow_closed_by_server"]
         << ", caught up after resuming " << s["slow_caught_up_after_resuming"] << " of " << s["slow_still_open"]
         << "; others' p99 vs broadcast x" << num(s, "others_p99_vs_broadcast", 2);
  }
  out_ << '\n';
}

void ReportPrinter::attack(const json& r) {
  auto window = [&](const char* name) {
    if (!r.contains(name)) return;
    const auto& w = r[name];
    const auto& rtt = w["vote_round_trip_ms"];
    out_ << name << ": " << w["votes_acked"] << " of " << w["votes_sent"] << " honest votes acked (refused "
         << w["votes_refused"] << ", turns skipped " << w["turns_skipped_still_waiting"] << "); round trip p50 "
         << num(rtt, "p50_ms") << " p99 " << num(rtt, "p99_ms") << " max " << num(rtt, "max_ms")
         << " ms; /healthz " << w["healthz_status"].dump() << " p99 " << num(w["healthz_ms"], "p99_ms") << " ms\n";
  };
  window("idle");
  window("attack");
  const auto& h = r["honest"];
  out_ << "honest p99 attack / idle: x" << num(h, "p99_attack_over_idle", 2) << (h.value("p99_within_2x", false) ? " (within 2x)" : " (NOT within 2x)") << '\n';
  if (r.contains("silent")) {
    const auto& s = r["silent"];
    out_ << "silent: " << s["opens_started"] << " opens: " << s["admitted"] << " admitted, " << s["refused"]
         << " refused " << s["refused_by_reason"].dump() << "; closed by the server " << s["closed_by_server"] << " "
         << s["closed_by_reason"].dump() << " after p50 " << num(s["lifetime_until_closed_ms"], "p50_ms", 0)
         << " ms; at most " << s["peak_open_at_once"] << " open at once\n";
  }
  if (r.contains("creation_flood")) {
    const auto& c = r["creation_flood"];
    out_ << "creation flood: " << c["attempts"] << " attempts, " << c["acked"] << " created, refused "
         << c["refused_by_code"].dump() << '\n';
  }
  if (r.contains("storage_flood")) {
    const auto& s = r["storage_flood"];
    out_ << "storage flood: " << s["sent"] << " votes sent, " << s["acked"] << " stored, refused "
         << s["refused_by_code"].dump() << "; journal " << s["journal"].dump() << '\n';
  }
  if (r.contains("newcomers")) out_ << "newcomers: " << r["newcomers"].dump() << '\n';
  out_ << "defences held: " << r.value("defences_held", false) << "; honest clients served: " << r.value("honest_served", false) << '\n';
}

void ReportPrinter::breakouts(const json& b) {
  const auto& requests = b["requests"];
  out_ << "breakouts: " << b["rooms"] << " rooms, " << b["participants"] << " participants, " << b["observers"]
       << " observers; " << requests["acked"] << " of " << requests["sent"] << " checklist saves and help requests acked ("
       << requests["refused"] << " refused), replies p50 " << num(requests["reply_ms"], "p50_ms") << " p99 "
       << num(requests["reply_ms"], "p99_ms") << " max " << num(requests["reply_ms"], "max_ms") << " ms; help cleared "
       << b["help_clears"]["acked"] << " of " << b["help_requests"] << ", facilitator replies p99 "
       << num(b["help_clears"]["reply_ms"], "p99_ms") << " ms; settled " << num(b, "settled_seconds_before_deadline", 1)
       << " s before play's deadline (negative: after)";
  for (const char* change : {"step_change", "round_change"}) {
    if (!b.contains(change)) continue;
    const auto& c = b[change];
    const auto& after = c["after_deadline_ms"];
    out_ << "\n  " << change << ": " << c["received"] << " of " << c["participants"] << " had it; after the deadline p50 "
         << num(after, "p50_ms") << " p95 " << num(after, "p95_ms") << " p99 " << num(after, "p99_ms") << " max "
         << num(after, "max_ms") << " ms";
  }
  if (b.contains("window")) {
    const auto& w = b["window"];
    out_ << "\n  server CPU: " << num(w, "server_cpu_share", 2) << " of a core over " << num(w, "seconds", 1)
         << " s, " << num(b["cpu"], "activity_share", 2) << " while the rooms were busy, busiest 500 ms " << num(w, "server_cpu_peak_500ms_share", 2) << ", busiest 100 ms "
         << num(w, "server_cpu_peak_100ms_share", 2) << "; console " << b["console"]["pushes"] << " pushes, largest "
         << b["console"]["largest_bytes"] << " bytes\n  " << w["messages"] << " messages, " << w["bytes"]
         << " bytes received; server CPU " << num(w, "server_cpu_seconds", 2) << " s (user "
         << num(w, "server_user_seconds", 2) << ", kernel " << num(w, "server_system_seconds", 2) << "); server RSS "
         << num(w, "server_rss_start_kib", 0) << " -> " << num(w, "server_rss_end_kib", 0) << " KiB; tool CPU "
         << num(w, "tool_cpu_share", 2) << " of a core";
  }
  out_ << '\n';
}

void ReportPrinter::print(const json& report) {
  out_ << "huddle-load " << report.value("target", "?") << ", " << report.value("clients", 0) << " clients\n";
  if (report.value("target", "") == "attack") attack(report);
  for (const char* name : {"connect", "join", "broadcast", "vote", "cards", "slow"}) {
    if (report.contains(name)) section(name, report[name]);
  }
  if (report.contains("breakouts")) breakouts(report["breakouts"]);
  if (report.contains("server_peak_rss_kib")) out_ << "server peak RSS " << report["server_peak_rss_kib"] << " KiB\n";
  const auto& errors = report["errors"];
  out_ << "errors: " << errors["total"];
  if (errors["total"] != 0) out_ << " " << errors.dump();
  out_ << "\n" << (report.value("passed", false) ? "PASSED" : "FAILED") << '\n';
}

}  // namespace huddle::load
