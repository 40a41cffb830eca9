package se.nyckelfri.platform.system;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Keeps the address of the connection a request came on, which forwarded headers cannot change, beside the client
 * address ({@code getRemoteAddr()}) that a trusted proxy's {@code X-Forwarded-For} may set.
 *
 * <p>A Tomcat valve copies the connection's peer address into the request attribute {@link #ATTRIBUTE}; request
 * attributes are set only by the server, never by a client. Thread-safe (stateless).
 */
@Component
class ConnectionAddress implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** The request attribute that holds the connection's peer address. */
    static final String ATTRIBUTE = ConnectionAddress.class.getName() + ".peer";

    private static final IpAddressMatcher LOOPBACK_V4 = new IpAddressMatcher("127.0.0.0/8");
    private static final IpAddressMatcher LOOPBACK_V6 = new IpAddressMatcher("::1");

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextValves(new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                request.setAttribute(ATTRIBUTE, request.getPeerAddr());
                getNext().invoke(request, response);
            }
        });
    }

    /** Headers by which a proxy says it forwards someone else's request. */
    private static final List<String> FORWARDED_FOR = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");

    /**
     * True if the request came from this host and no proxy spoke for anyone else: both the connection and the client
     * it stands for are loopback, and no forwarding header is left over. A header cannot make it true: it can change at
     * most the client address, and only when a configured proxy sent it. A proxy on this host that is not configured
     * as trusted leaves its {@code X-Forwarded-For} in place (Tomcat consumes only a trusted proxy's), so what it
     * forwards is refused too, rather than taken for a local request.
     */
    static boolean isLocal(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String peer && isLoopback(peer) && isLoopback(request.getRemoteAddr())
                && FORWARDED_FOR.stream().noneMatch(header -> request.getHeader(header) != null);
    }

    private static boolean isLoopback(String address) {
        return address != null && (LOOPBACK_V4.matches(address) || LOOPBACK_V6.matches(address));
    }
}
