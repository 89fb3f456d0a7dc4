#pragma once
// The one thread that owns the database connection. Network coroutines hand it work and await the
// result without blocking the io_context. Incoming messages that arrive while a commit is on its way
// to disk are stored together in the next transaction (group commit): one fsync serves many webhooks,
// and each webhook is still answered only after its own message is on disk. The work of acting on
// stored messages runs in bounded slices between ingest commits, so it never holds storing up for long.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/async_result.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/post.hpp>

#include "bot/core/clock.hpp"
#include "bot/net/asio.hpp"
#include "store/database.hpp"
#include "store/messages.hpp"

namespace jiaxiao::net {

/// Runs database work on its own thread. Construct on the thread that owns `db`; from then on only
/// the worker touches it. Completions run on `io` (the caller's executor).
class DbWorker {
 public:
  DbWorker(asio::any_io_executor io, store::Database& db, const core::Clock& clock);
  ~DbWorker();  // stop()s
  DbWorker(const DbWorker&) = delete;
  DbWorker& operator=(const DbWorker&) = delete;

  /// Stores an incoming message (group commit); completes once it is committed, with the row id and
  /// whether it was a duplicate. A database error is rethrown in the awaiting coroutine.
  awaitable<store::IngestResult> ingest(core::IncomingMessage message);

  /// Runs `job(db)` on the worker thread and completes with its result; its exception is rethrown.
  template <class R>
  awaitable<R> run(std::function<R(store::Database&)> job);

  /// Runs `job(db)` on the worker thread; nothing awaits it (an exception is logged).
  void post(std::function<void(store::Database&)> job);

  /// Work that goes on in slices beside ingest (acting on stored messages): `step(db)` does one slice
  /// inside an open transaction and returns true while more remains. A slice shares the transaction
  /// of the next ingest batch when one is waiting (one commit, one fsync for both), else it has one
  /// of its own; a slice that throws is rolled back alone (the batch is still stored) and logged.
  /// Set before the first wake_background().
  void set_background(std::function<bool(store::Database&)> step);
  /// Asks for background slices until `step` reports nothing left. Cheap; calls coalesce.
  void wake_background();

  /// Finishes the queued work (and the background work), then joins the thread. Idempotent.
  void stop();

  /// Transactions committed for ingest, and messages stored through them (group-commit figures).
  std::uint64_t ingest_commits() const { return ingest_commits_; }

 private:
  struct Job {
    virtual ~Job() = default;
    virtual void run(store::Database& db) = 0;
  };
  template <class F>
  struct FunctionJob final : Job {
    explicit FunctionJob(F f) : fn(std::move(f)) {}
    void run(store::Database& db) override { fn(db); }
    F fn;
  };
  struct IngestItem {
    core::IncomingMessage message;
    std::function<void(std::exception_ptr, store::IngestResult)> complete;
  };

  template <class F>
  void enqueue(F f) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::make_unique<FunctionJob<F>>(std::move(f)));
    }
    wake_.notify_one();
  }
  void loop();
  /// Stores the batch in one transaction, with a background slice when `with_slice`; completes
  /// every item. Returns whether the slice reported more to do.
  bool commit_ingest_batch(std::vector<IngestItem>& batch, bool with_slice);
  /// One background slice under a savepoint of the open transaction; false when it failed (logged).
  bool run_slice(bool& more);

  asio::any_io_executor io_;
  store::Database& db_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Job>> jobs_;
  std::vector<IngestItem> ingest_queue_;
  bool stopping_ = false;
  bool background_wanted_ = false;
  std::function<bool(store::Database&)> background_;
  std::atomic<std::uint64_t> ingest_commits_{0};
  std::thread thread_;
};

template <class R>
awaitable<R> DbWorker::run(std::function<R(store::Database&)> job) {
  // Not a coroutine itself: the job is moved into the initiation object at once, so nothing refers
  // to this call's parameters once it returns the awaitable.
  auto initiation = [self = this, job = std::move(job)](auto handler) mutable {
      auto executor = asio::get_associated_executor(handler, self->io_);
      // The handler is move-only; it travels inside a shared_ptr through the job queue.
      auto shared = std::make_shared<decltype(handler)>(std::move(handler));
      self->enqueue([job = std::move(job), shared, executor](store::Database& db) mutable {
        std::exception_ptr error;
        std::optional<R> value;
        try {
          value.emplace(job(db));
        } catch (...) {
          error = std::current_exception();
        }
        asio::post(executor, [shared, error, value = std::move(value)]() mutable {
          std::move(*shared)(error, value ? std::move(*value) : R{});
        });
      });
  };
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, R)>(std::move(initiation),
                                                                                          asio::use_awaitable);
}

}  // namespace jiaxiao::net
