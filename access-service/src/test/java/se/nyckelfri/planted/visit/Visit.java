package se.nyckelfri.planted.visit;

import se.nyckelfri.planted.door.Door;
import se.nyckelfri.planted.door.internal.Lockpick;

/** A planted module that reaches into another's internals. */
public class Visit {

    Door door = new Door();
    Lockpick lockpick = new Lockpick();
}
