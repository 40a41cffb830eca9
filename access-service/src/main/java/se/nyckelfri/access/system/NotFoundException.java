package se.nyckelfri.access.system;

/** An id that names nothing the caller may see; answered 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind, Object id) {
        super("No " + kind + " with id " + id);
    }
}
