#pragma once
// `vrex view URL --edit`: the served tour is re-validated periodically (a conditional GET of the tour file, on a
// thread of its own so that the frame loop never waits on the network); when the server has a new version, its
// media are fetched too, and then the viewer reloads it through the same path as a saved local tour.
#include <future>
#include <iosfwd>
#include <memory>
#include <string>

#include "app/remote_tour.hpp"

namespace vrex::net {
class HttpClient;
}

namespace vrex::app {

class RemoteTourWatch {
public:
    // `url` the tour's; a check every `interval_s` seconds of the caller's clock, the first one `interval_s` after
    // the first call to changed().
    RemoteTourWatch(std::string url, const NetOptions& options, double interval_s = 2.0);
    ~RemoteTourWatch(); // cancels a check in flight and waits for it (about a second at most)
    RemoteTourWatch(const RemoteTourWatch&) = delete;
    RemoteTourWatch& operator=(const RemoteTourWatch&) = delete;

    // Call every tick with the time in seconds: starts a check when one is due, and returns true once for each
    // check that found the tour changed on the server (its new version and media are then in the cache, ready to be
    // reloaded). What a check has to say goes to `err`: a new version's summary; that the server cannot be reached,
    // once until it answers again (the viewer carries on from the cache meanwhile), and then that it is back.
    bool changed(double now, std::ostream& err);

private:
    struct Check {
        bool changed = false;
        bool unreachable = false;
        std::string warning; // the server cannot be reached: why
        std::string messages;
    };
    Check check();

    std::string m_url;
    std::unique_ptr<net::HttpClient> m_client; // used by one check at a time, on the check's thread
    double m_interval = 2.0;
    double m_next = -1; // < 0: not started
    bool m_unreachable = false;
    std::future<Check> m_check;
};

} // namespace vrex::app
