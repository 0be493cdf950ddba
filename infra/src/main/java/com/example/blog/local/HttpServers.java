package com.example.blog.local;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/** Creates the JDK HTTP servers behind the gateway, the Runtime API and the Data API, all tuned the same way. */
public final class HttpServers {

    private HttpServers() {
    }

    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        // The JDK's server writes a response's head and body in separate segments; without TCP_NODELAY the body waits
        // for the peer's delayed ACK (40 ms on Linux) on every small response, a stall that API Gateway, Lambda's
        // Runtime API and the Data API do not have. The server reads the property once, before its first instance.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(address, backlog);
    }
}
