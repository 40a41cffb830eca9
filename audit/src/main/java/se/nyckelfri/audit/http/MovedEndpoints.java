package se.nyckelfri.audit.http;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log's endpoints before they moved under {@link LogEndpoints#ROOT}: {@code /api/v1/audit-log/…} (proofs) and
 * {@code /witness/add-checkpoint}. Each answers 308 Permanent Redirect to its new place (method and body kept), so an
 * auditor's script written for the old paths keeps working and learns the new one.
 */
@RestController
class MovedEndpoints {

    @RequestMapping(value = {"/api/v1/audit-log/entries/{index}/inclusion", "/api/v1/audit-log/entries/{index}/tlog-proof",
            "/api/v1/audit-log/consistency"}, method = RequestMethod.GET)
    ResponseEntity<Void> proofs(HttpServletRequest request) {
        return moved(LogEndpoints.ROOT + request.getRequestURI().substring("/api/v1/audit-log".length()), request);
    }

    @RequestMapping(value = "/witness/add-checkpoint", method = RequestMethod.POST)
    ResponseEntity<Void> witness(HttpServletRequest request) {
        return moved(LogEndpoints.WITNESS_ADD_CHECKPOINT, request);
    }

    private static ResponseEntity<Void> moved(String path, HttpServletRequest request) {
        String query = request.getQueryString();
        return ResponseEntity.status(HttpStatus.PERMANENT_REDIRECT).location(URI.create(query == null ? path : path + "?" + query))
                .build();
    }
}
