package se.nyckelfri.console.audit;

import java.time.LocalDateTime;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * An auditor's search: by resident (pseudonym; their door's openings included), staff member or other actor
 * (pseudonym), lock or door (id), time range (Stockholm wall clock), type and outcome; newest first, {@code before}
 * continues a search past the last index seen. It travels in a form post, never in an address. Mutable for binding;
 * one per request.
 */
public class AuditSearchForm {

    private String resident;
    private String actor;
    private String lock;
    private String type;
    private String outcome;
    @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm")
    private LocalDateTime from;
    @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm")
    private LocalDateTime until;
    private Long before;

    public String getResident() {
        return resident;
    }

    public void setResident(String resident) {
        this.resident = resident;
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public String getLock() {
        return lock;
    }

    public void setLock(String lock) {
        this.lock = lock;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    public LocalDateTime getFrom() {
        return from;
    }

    public void setFrom(LocalDateTime from) {
        this.from = from;
    }

    public LocalDateTime getUntil() {
        return until;
    }

    public void setUntil(LocalDateTime until) {
        this.until = until;
    }

    public Long getBefore() {
        return before;
    }

    public void setBefore(Long before) {
        this.before = before;
    }
}
