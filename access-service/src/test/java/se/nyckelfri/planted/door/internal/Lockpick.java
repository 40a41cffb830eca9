package se.nyckelfri.planted.door.internal;

/** A planted module's internal type: public for its own module's sake, not for others. */
public class Lockpick {
}
