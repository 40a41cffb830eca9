package se.nyckelfri.platform.audit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.ConfigurableApplicationContext;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.platform.testsupport.TestPlatforms;

/**
 * The process {@link AuditCrashTest} kills: the platform on a given data directory, with four threads appending
 * durably and printing {@code ACK <index>} for every index the log acknowledged, until it is killed.
 */
public final class CrashAppender {

    private CrashAppender() {
    }

    public static void main(String[] args) {
        ConfigurableApplicationContext context = TestPlatforms.start(java.nio.file.Path.of(args[0]),
                "--nyckelfri.audit.origin=crash.nyckelfri.test/audit", "--logging.level.root=WARN");
        AuditLog log = context.getBean(AuditLog.class);
        System.out.println("READY");
        System.out.flush();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.submit(() -> {
                for (long n = 0; ; n++) {
                    long index = log.appendDurably(AuditEvent.of("TEST_CRASH", "U-CRASH").subject("test", thread + "-" + n).build());
                    synchronized (System.out) {
                        System.out.println("ACK " + index);
                        System.out.flush();
                    }
                }
            });
        }
    }
}
