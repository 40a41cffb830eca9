package se.nyckelfri.audit.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's background work: the integrator (tiles for every sequenced batch, and every 200 ms for what another node
 * sequenced), the checkpointer (every {@value #CHECKPOINT_MILLIS} ms while the log grows) and, when set, the daily
 * retention. Started and stopped with the log. Thread-safe.
 */
final class LogTasks {

    static final long CHECKPOINT_MILLIS = 250;
    private static final Logger log = LoggerFactory.getLogger(LogTasks.class);

    private final Integrator integrator;
    private final Checkpointer checkpointer;
    private final Object integrate = new Object();
    private volatile long sequenced = -1;
    private volatile boolean running;
    private volatile Retention retention;
    private Thread integratorThread;
    private ScheduledExecutorService checkpoints;

    LogTasks(Sequencer sequencer, Integrator integrator, Checkpointer checkpointer) {
        this.integrator = integrator;
        this.checkpointer = checkpointer;
        sequencer.onSequenced(size -> {
            sequenced = size;
            synchronized (integrate) {
                integrate.notifyAll();
            }
        });
    }

    /** Runs {@code retention} daily from start (off when never set). */
    void retainWith(Retention retention) {
        this.retention = retention;
    }

    synchronized void start() {
        running = true;
        integratorThread = new Thread(this::integrateLoop, "audit-integrator");
        integratorThread.setDaemon(true);
        integratorThread.start();
        checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-checkpointer");
            t.setDaemon(true);
            return t;
        });
        checkpoints.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_MILLIS, CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
        if (retention != null) {
            checkpoints.scheduleWithFixedDelay(this::retain, 1, 24 * 60, TimeUnit.MINUTES);
        }
    }

    synchronized void stop() {
        running = false;
        if (checkpoints != null) {
            checkpoints.shutdown();
            try {
                checkpoints.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            checkpoints.shutdownNow();
        }
        if (integratorThread != null) {
            integratorThread.interrupt();
        }
    }

    /**
     * Integrates whenever the sequencer reports a new size, and otherwise every 200 ms (entries another node
     * sequenced). Waits on the last size <em>seen</em>, not on the target integrated: until this node sequences its
     * first batch the reported size stays -1 while the target is the stored size, and comparing the two spun this loop
     * without a pause, thousands of reads of the log's head a second on an idle platform.
     */
    private void integrateLoop() {
        long seen = Long.MIN_VALUE;
        while (running) {
            try {
                synchronized (integrate) {
                    if (sequenced == seen) {
                        integrate.wait(200);
                    }
                }
                long observed = sequenced;
                integrator.integrate(observed >= 0 ? observed : integrator.storedSize());
                seen = observed;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Audit integration failed: {}", e.getMessage());
                integrator.reset();
                sleep(200);
            }
        }
    }

    private void retain() {
        try {
            retention.apply();
        } catch (RuntimeException e) {
            log.error("Audit retention failed: {}", e.getMessage());
        }
    }

    private void checkpoint() {
        try {
            long size = integrator.size();
            if (size > 0 && checkpointer.latest().map(p -> p.size() < size).orElse(true)) {
                checkpointer.publish(size);
            }
        } catch (RuntimeException e) {
            log.error("Audit checkpoint failed: {}", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
