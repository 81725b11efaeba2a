#include "hub/metrics.hpp"

#include <string_view>

namespace huddle::hub {

namespace {
void line(std::string& out, const char* name, const char* type, const char* help, std::string_view value) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
  out += name;
  out += ' ';
  out += value;
  out += '\n';
}

template <class T>
void line(std::string& out, const char* name, const char* type, const char* help, const std::atomic<T>& value) {
  line(out, name, type, help, std::to_string(value.load(std::memory_order_relaxed)));
}

void line(std::string& out, const char* name, const char* type, const char* help, const ShardedCounter& value) {
  line(out, name, type, help, std::to_string(value.load()));
}
}  // namespace

std::string Metrics::render_prometheus() const {
  std::string out;
  line(out, "huddle_connections_open", "gauge", "WebSocket connections open now.", connections_open);
  line(out, "huddle_connections_total", "counter", "WebSocket connections accepted.", connections_total);
  line(out, "huddle_connections_rejected_total", "counter", "Connections refused (caps, Origin).", connections_rejected);
  line(out, "huddle_sessions_active", "gauge", "Sessions in memory.", sessions_active);
  line(out, "huddle_messages_in_total", "counter", "Requests received.", messages_in);
  line(out, "huddle_messages_out_total", "counter", "Frames written to clients.", messages_out);
  line(out, "huddle_bytes_out_total", "counter", "Bytes of frames written to clients.", bytes_out);
  line(out, "huddle_frames_coalesced_total", "counter", "Pushes replaced by a newer one before sending.", frames_coalesced);
  line(out, "huddle_frames_dropped_total", "counter", "Frames discarded when a stuck client was closed.", frames_dropped);
  line(out, "huddle_send_queue_bytes", "gauge", "Bytes waiting in send queues.", queue_bytes);
  line(out, "huddle_slow_consumers_closed_total", "counter", "Clients closed for not reading.", slow_consumers_closed);
  line(out, "huddle_request_errors_total", "counter", "Requests answered with an error.", request_errors);
  line(out, "huddle_partial_message_bytes", "gauge", "Bytes of unfinished messages held for all connections.", partial_bytes);
  line(out, "huddle_unadmitted_closed_total", "counter",
       "Connections closed for sending no hello, joining nothing, or not finishing a frame in time.", unadmitted_closed);
  line(out, "huddle_cluster_leases_taken_total", "counter", "Session leases this node took (new or taken over).", leases_taken);
  line(out, "huddle_cluster_leases_given_up_total", "counter", "Sessions this node handed over (drain, lease lost, Redis away).",
       leases_given_up);
  line(out, "huddle_cluster_requests_forwarded_total", "counter", "Requests sent to the node running their session.",
       requests_forwarded);
  line(out, "huddle_cluster_requests_from_edges_total", "counter", "Requests other nodes sent here.", requests_from_edges);
  line(out, "huddle_cluster_batches_published_total", "counter", "Batches of replies and pushes published to other nodes.",
       batches_published);
  line(out, "huddle_cluster_bytes_published_total", "counter", "Bytes published to other nodes.", bytes_published);
  line(out, "huddle_cluster_redis_failures_total", "counter", "Redis calls that failed or timed out.", redis_failures);
  line(out, "huddle_cluster_redis_round_trip_microseconds", "gauge", "The last lease renewal's round trip to Redis.",
       redis_round_trip_us);
  line(out, "huddle_cluster_forwarded_connections", "gauge", "Connections here whose session runs on another node.",
       forwarded_connections);
  line(out, "huddle_cluster_edge_connections", "gauge", "Connections on other nodes served by sessions here.", edge_connections);
  return out;
}

}  // namespace huddle::hub
