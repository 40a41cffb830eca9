package se.nyckelfri.console.audit;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.audittrail.ResidentExtracts;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.overload.OverloadedException;
import se.nyckelfri.access.system.NotFoundException;

/**
 * Log extracts made in the background, so that a large one shows its progress instead of a page that seems to hang.
 * A job and its file belong to the user who asked for it (by subject) and are kept for {@link #KEPT} after it was
 * started, in memory only. At most two are made at once. An extract is an expensive read: when there is no room for
 * it ({@link OverloadedException}), the job waits as long as it is told and tries again, for up to {@link #PATIENCE},
 * showing itself still running meanwhile. Thread-safe.
 */
@Component
class ExtractJobs {

    static final Duration KEPT = Duration.ofMinutes(15);
    /** How long a job keeps asking for room among the expensive reads before it gives up. */
    static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(ExtractJobs.class);

    enum State { RUNNING, DONE, NOT_FOUND, FAILED }

    /** A job as its page sees it. */
    static final class Job {
        final UUID id = UUID.randomUUID();
        final String owner;
        final Instant started;
        final AtomicInteger read = new AtomicInteger();
        volatile State state = State.RUNNING;
        /** Every entry is read; the file is being written (a long PDF takes a while of its own). */
        volatile boolean writing;
        volatile byte[] file;
        volatile String fileName;
        volatile boolean pdf;
        volatile int lines;

        Job(String owner, Instant started) {
            this.owner = owner;
            this.started = started;
        }
    }

    private final ResidentExtracts extracts;
    private final ExtractFiles files;
    private final Clock clock;
    private final Map<UUID, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "console-extract");
        t.setDaemon(true);
        return t;
    });

    ExtractJobs(ResidentExtracts extracts, ExtractFiles files, Clock clock) {
        this.extracts = extracts;
        this.files = files;
        this.clock = clock;
    }

    Job start(Actor actor, String resident, boolean includeNames, boolean pdf, Locale locale) {
        Instant now = clock.instant();
        jobs.values().removeIf(j -> j.started.plus(KEPT).isBefore(now));
        Job job = new Job(actor.subject(), now);
        jobs.put(job.id, job);
        workers.submit(() -> {
            try {
                ResidentExtracts.Extract extract = extractWhenThereIsRoom(actor, resident, includeNames, pdf, job);
                job.writing = true;
                job.file = pdf ? files.pdf(extract, locale) : files.csv(extract, locale);
                job.fileName = "logguttdrag-" + extract.residentPseudonym() + "-"
                        + extract.madeAt().atZone(Schedule.ZONE).toLocalDate() + (pdf ? ".pdf" : ".csv");
                job.pdf = pdf;
                job.lines = extract.lines().size();
                job.state = State.DONE;
            } catch (NotFoundException e) {
                job.state = State.NOT_FOUND;
            } catch (RuntimeException e) {
                log.error("A log extract failed", e);
                job.state = State.FAILED;
            }
        });
        return job;
    }

    private ResidentExtracts.Extract extractWhenThereIsRoom(Actor actor, String resident, boolean includeNames, boolean pdf, Job job) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return extracts.extract(actor, resident, includeNames, pdf ? "pdf" : "csv", job.read::set);
            } catch (OverloadedException e) {
                if (System.nanoTime() + e.retryAfter().toNanos() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(e.retryAfter().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The job, if it exists and belongs to {@code actor}. */
    Optional<Job> find(Actor actor, UUID id) {
        return Optional.ofNullable(jobs.get(id)).filter(j -> j.owner.equals(actor.subject()));
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
