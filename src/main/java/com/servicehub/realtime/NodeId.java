package com.servicehub.realtime;

/** This node's id: the {@code origin} of what it publishes ({@code NODE_ID}, random when unset). */
record NodeId(String value) {}
