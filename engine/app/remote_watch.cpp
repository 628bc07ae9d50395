#include "app/remote_watch.hpp"
#include "app/modules.hpp"

#include <chrono>
#include <ostream>
#include <sstream>

#include "net/http_client.hpp"

namespace vrex::app {

RemoteTourWatch::RemoteTourWatch(std::string url, const NetOptions& options, double interval_s)
    : m_url(std::move(url)), m_client(std::make_unique<net::HttpClient>(http_options(options))),
      m_interval(interval_s) {}

RemoteTourWatch::~RemoteTourWatch() {
    m_client->cancel(); // a server that accepted the connection and then stalls must not hold the viewer's exit
    if (m_check.valid()) m_check.wait();
}

// On the check's thread. The tour file alone is asked for (a 304 costs the server next to nothing); its media only
// when it changed, so that they are in the cache before the viewer reloads it.
RemoteTourWatch::Check RemoteTourWatch::check() {
    Check c;
    const net::FetchResult tour = m_client->fetch_all({m_url}).at(0);
    c.unreachable = tour.unreachable;
    c.warning = tour.warning;
    if (tour.origin != net::Origin::Downloaded) {
        if (!tour.error.empty() && !tour.unreachable) c.messages = "vrex: " + m_url + ": " + tour.error + "\n";
        return c;
    }
    std::ostringstream err;
    err << "vrex: " << m_url << ": changed on the server\n";
    const std::optional<RemoteTour> fetched = fetch_remote_tour(*m_client, m_url, err, &tour);
    c.changed = fetched.has_value(); // a new version with errors: the last good one stays
    c.messages = err.str();
    return c;
}

bool RemoteTourWatch::changed(double now, std::ostream& err) {
    if (m_next < 0) m_next = now + m_interval;
    if (m_check.valid()) {
        if (m_check.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
        const Check c = m_check.get();
        if (c.unreachable && !m_unreachable)
            err << "vrex: warning: " << m_url << ": " << c.warning << " (the viewer carries on)\n";
        if (!c.unreachable && m_unreachable) err << "vrex: " << m_url << ": the server answers again\n";
        m_unreachable = c.unreachable;
        err << c.messages;
        err.flush();
        return c.changed;
    }
    if (now >= m_next) {
        m_next = now + m_interval;
        m_check = std::async(std::launch::async, [this] { return check(); });
    }
    return false;
}

} // namespace vrex::app
