#include "bot/net/db_worker.hpp"

#include <pthread.h>

#include "bot/core/log.hpp"
#include "store/savepoint.hpp"

namespace jiaxiao::net {

DbWorker::DbWorker(asio::any_io_executor io, store::Database& db, const core::Clock& clock)
    : io_(io), db_(db), clock_(clock), thread_([this] { loop(); }) {}

DbWorker::~DbWorker() { stop(); }

void DbWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

awaitable<store::IngestResult> DbWorker::ingest(core::IncomingMessage message) {
  auto initiation = [self = this, message = std::move(message)](auto handler) mutable {
      // Called on the io executor: commit_ingest_batch posts one job that completes a whole batch, so a
      // batch wakes the io thread once rather than once per webhook.
      auto shared = std::make_shared<decltype(handler)>(std::move(handler));
      IngestItem item{std::move(message), [shared](std::exception_ptr error, store::IngestResult result) {
                        std::move(*shared)(error, result);
                      }};
      {
        std::lock_guard lock(self->mutex_);
        self->ingest_queue_.push_back(std::move(item));
      }
      self->wake_.notify_one();
  };
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, store::IngestResult)>(
      std::move(initiation), asio::use_awaitable);
}

void DbWorker::post(std::function<void(store::Database&)> job) {
  enqueue([job = std::move(job)](store::Database& db) {
    try {
      job(db);
    } catch (const std::exception& e) {
      core::log::error("db_job_failed", "error", e.what());
    }
  });
}

void DbWorker::set_background(std::function<bool(store::Database&)> step) { background_ = std::move(step); }

void DbWorker::wake_background() {
  {
    std::lock_guard lock(mutex_);
    background_wanted_ = true;
  }
  wake_.notify_one();
}

bool DbWorker::run_slice(bool& more) {
  store::Savepoint slice(db_.sql());
  try {
    more = background_(db_);
    slice.release();
    return true;
  } catch (const std::exception& e) {
    core::log::error("db_background_failed", "error", e.what());
  }
  slice.rollback();
  return false;
}

bool DbWorker::commit_ingest_batch(std::vector<IngestItem>& batch, bool with_slice) {
  std::vector<store::IngestResult> results(batch.size());
  bool more = false;
  try {
    SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
    store::Messages messages(db_.sql());
    const std::int64_t now = clock_.now_ms();
    for (std::size_t i = 0; i < batch.size(); ++i) results[i] = messages.insert_incoming(batch[i].message, now);
    // Acting on earlier messages (and perhaps these) rides on the same commit; if the slice fails,
    // only the slice is undone.
    if (with_slice && !run_slice(more)) more = false;
    transaction.commit();
    ++ingest_commits_;
  } catch (const std::exception& e) {
    // Nothing of this transaction is stored; the slice, if any, comes again on its own.
    if (with_slice) wake_background();
    if (batch.size() > 1) {
      // One bad message must not fail the others: store each on its own.
      core::log::warn("ingest_batch_failed", "size", batch.size(), "error", e.what());
      for (auto& item : batch) {
        std::vector<IngestItem> single;
        single.push_back(std::move(item));
        commit_ingest_batch(single, false);
      }
      return false;
    }
    asio::post(io_, [complete = std::move(batch.front().complete), error = std::current_exception()] {
      complete(error, {});
    });
    return false;
  }
  std::vector<std::function<void(std::exception_ptr, store::IngestResult)>> completions;
  completions.reserve(batch.size());
  for (auto& item : batch) completions.push_back(std::move(item.complete));
  asio::post(io_, [completions = std::move(completions), results = std::move(results)] {
    for (std::size_t i = 0; i < completions.size(); ++i) completions[i](nullptr, results[i]);
  });
  return more;
}

void DbWorker::loop() {
  // Named so that `top -H` and the benchmark can tell it from the io thread ("jiaxiao").
  pthread_setname_np(pthread_self(), "jiaxiao-db");
  for (;;) {
    std::vector<IngestItem> batch;
    std::deque<std::unique_ptr<Job>> jobs;
    bool background = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty() || !ingest_queue_.empty() || background_wanted_; });
      if (jobs_.empty() && ingest_queue_.empty() && !background_wanted_) return;  // stopping with nothing left
      batch.swap(ingest_queue_);
      jobs.swap(jobs_);
      background = background_wanted_ && background_;
      background_wanted_ = false;  // also without a step set: nothing to do, and no spinning
    }
    // One slice per round, with the batch when there is one: webhooks that came meanwhile are stored
    // in the next round, so a slice's size bounds how long storing waits, and acting on messages keeps up.
    bool more = false;
    if (!batch.empty()) {
      more = commit_ingest_batch(batch, background);
    } else if (background) {
      try {
        SQLite::Transaction transaction(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
        run_slice(more);
        transaction.commit();
      } catch (const std::exception& e) {
        core::log::error("db_background_failed", "error", e.what());
        more = false;
      }
    }
    for (auto& job : jobs) job->run(db_);
    if (more) wake_background();
  }
}

}  // namespace jiaxiao::net
