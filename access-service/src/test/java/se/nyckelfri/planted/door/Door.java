package se.nyckelfri.planted.door;

/** A planted module's API. */
public class Door {
}
