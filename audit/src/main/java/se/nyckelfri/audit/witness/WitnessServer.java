package se.nyckelfri.audit.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.NoteSigner;

/**
 * The witness on its own, for an auditor or another organisation to run: its own key (created on first start,
 * mode 600), its own state directory, the logs it follows given by their verifier keys, and the C2SP tlog-witness
 * {@code POST /add-checkpoint} on a port of its own. It depends on nothing of the platform.
 */
@Command(name = "nyckelfri-witness", mixinStandardHelpOptions = true,
        description = "A C2SP tlog-witness for the Nyckelfri audit log.")
public final class WitnessServer implements Callable<Integer> {

    private static final int MAX_BODY = 16 * 1024;

    @Option(names = "--name", required = true, description = "The witness's key name, e.g. witness.kommun.example")
    String name;

    @Option(names = "--home", required = true, description = "Directory for the witness key and its state.")
    Path home;

    @Option(names = "--log-key", required = true, description = "Verifier key of a log to follow (repeatable).")
    List<String> logKeys;

    @Option(names = "--port", defaultValue = "8433", description = "Port to listen on (0: any free port).")
    int port;

    private HttpServer server;
    private Witness witness;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WitnessServer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        start();
        System.out.println("witness " + witness.key().vkey() + " listening on port " + server.getAddress().getPort());
        new CountDownLatch(1).await();
        return 0;
    }

    /** Starts serving; answers the port. */
    public int start() throws IOException {
        NoteSigner cosigner = NoteSigner.loadOrCreate(home.resolve("witness.key"), name, NoteKey.COSIGNATURE_V1);
        Map<String, List<NoteKey>> logs = new java.util.HashMap<>();
        for (String vkey : logKeys) {
            NoteKey key = NoteKey.parse(vkey);
            logs.computeIfAbsent(key.name(), k -> new java.util.ArrayList<>()).add(key);
        }
        witness = new Witness(cosigner, logs, new WitnessState(home.resolve("state")), Clock.systemUTC());
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/add-checkpoint", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server.getAddress().getPort();
    }

    public NoteKey key() {
        return witness.key();
    }

    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "text/plain; charset=utf-8", "POST only\n");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                reply(exchange, 400, "text/plain; charset=utf-8", "a request body is at most 16 KiB\n");
                return;
            }
            WitnessClient.Response response = witness.addCheckpoint(new String(body, StandardCharsets.UTF_8));
            reply(exchange, response.status(), response.status() == 409 ? "text/x.tlog.size" : "text/plain; charset=utf-8",
                    response.body());
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
