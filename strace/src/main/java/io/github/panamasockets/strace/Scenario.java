/* Scenario.java: the scenarios strace-compare runs, as data: id, traced program, what is played against it.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.LoopbackNamespace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * One scenario, as data. In each, one program is traced; whatever else takes part (a server for
 * a client, clients for a server) runs untraced and is the same for both builds: the C build's
 * program, or a helper of this tool written with java.net. Loopback only.
 *
 * <p>The two commands come from the program's name: {@code native/build/NAME} and
 * {@code echo/bin/NAME} ({@code ed2/NAME}: {@code native/build/ed2/NAME} and
 * {@code echo/bin/ed2/NAME}, the 2nd edition's), each run as {@code ./NAME} from a directory of
 * symlinks (see {@link Workspace}). The arguments are {@link #args}, where {@value #PORT} is the
 * port the scenario picked and {@value #WORD} the word it sends ({@value #WORDS}: its parts, as
 * several arguments). How the scenario is played, and
 * what it waits for between steps so that the traced order of events does not depend on timing,
 * is its {@link Play}. A scenario whose programs are not in the builds yet is listed as
 * "not built" and skipped (see {@link #missing}).
 *
 * <p>Adding one is a line in {@link #ALL}: for instance a UDP client of the 2nd edition,
 * {@code new Scenario("ed2-udp-client", "ed2/UDPEchoClient", Play.UDP_CLIENT, "ed2/UDPEchoServer",
 * List.of(PORT), List.of("::1", WORD, PORT), List.of("hello"), "...")}.
 */
public final class Scenario {

    /** In {@link #args} and {@link #partnerArgs}: the port the scenario picked. */
    static final String PORT = "{port}";
    /** In {@link #args} and {@link #partnerArgs}: the word sent (one of {@link #words}). */
    static final String WORD = "{word}";
    /**
     * In {@link #args} and {@link #partnerArgs}: the word split at blanks, each part an argument of
     * its own (a vote client's "7 I": candidate 7, an inquiry).
     */
    static final String WORDS = "{word...}";
    /** In {@link #args}: a second port the scenario picked (a server on two ports; shown as PORT2). */
    static final String PORT2 = "{port2}";

    /** How a scenario is played; each is a method of {@link Drivers}. */
    enum Play {
        /** The traced client against the untraced C TCP partner server (listening first); the client runs to its end. */
        TCP_CLIENT,
        /** The traced client against the untraced C UDP partner server (bound first); the client runs to its end. */
        UDP_CLIENT,
        /** The traced client against a free port where nothing listens. */
        REFUSED_CLIENT,
        /** The traced client against a helper that reads the word and closes without echoing. */
        SERVER_CLOSES_EARLY,
        /**
         * The traced server, listening; one untraced C partner client per word, each run to its end before the
         * next; then SIGTERM once the server is blocked in accept().
         */
        TCP_ITERATIVE_SERVER,
        /**
         * The traced fork server; one client per word, sequenced so that wait4 and SIGCHLD do not depend on
         * timing (the word goes once the parent is back in accept(), the next client once SIGCHLD was seen);
         * then SIGTERM in accept().
         */
        TCP_FORK_SERVER,
        /**
         * The traced epoll server, listening; one untraced C partner client per word, each run to its end and
         * followed by the server blocked in epoll_wait() again (its close of that client done), before the next,
         * so that no epoll_wait() reports two clients at once; then SIGTERM in epoll_wait().
         */
        TCP_EPOLL_SERVER,
        /**
         * The traced UDP server, bound; one untraced datagram per word (a java.net client that waits for the echo
         * before the next); then SIGTERM once the server is blocked in recvfrom().
         */
        UDP_SERVER,
        /**
         * The traced thread-per-client server, listening; one untraced C partner client per word, each run to its
         * end, and the thread the server made for it (the program thread's new clone with CLONE_THREAD) ended,
         * before the next; then SIGTERM once the server is blocked in accept().
         */
        TCP_THREAD_SERVER,
        /**
         * The traced select() server on {@link #PORT} and {@link #PORT2}, its stdin a pipe the driver holds;
         * one untraced C partner client per word, to PORT, PORT2, PORT, ... in turn, each run to its end once the
         * server is blocked in select(); then a line on its stdin, once it is blocked in select() again, and it
         * runs to its end. With no words, the line goes once one select() has timed out (a short timeout).
         */
        TCP_SELECT_SERVER,
        /** The traced server on a port another socket already listens on. */
        BIND_IN_USE,
        /**
         * The traced sender of datagrams that loops forever (broadcast, multicast), against the untraced C partner
         * receiver, bound and blocked in recvfrom() first; once the sender's first sendto() is done and its
         * program thread sleeps, it gets SIGTERM (as the servers in accept()). The partner must have printed the
         * datagram and ended.
         */
        UDP_SENDER,
        /**
         * The traced receiver of one datagram (broadcast, multicast), bound and blocked in recvfrom(); then the
         * untraced C partner sender, which loops forever and is killed once the receiver has run to its end.
         */
        UDP_RECEIVER,
        /**
         * The traced program catches {@link #handlerSignal} and waits in pause(): once the thread that installed
         * the handler is blocked there, the signal is sent to the process by its pid (kill -s SIG PID); the
         * program runs to its end (its handler ends it).
         */
        SIGNALLED,
        /**
         * The traced UDP client against a silent peer: a UDP socket of this tool bound on the port that takes the
         * datagrams and never answers; the client runs to its end (its alarms, its retries, its give-up).
         */
        UDP_SILENT_PEER,
        /**
         * The traced SIGIO UDP server: as {@link #UDP_SERVER}, but each datagram is sent while its main thread
         * sleeps (the SIGIO handler echoes it), and SIGTERM comes in sleep().
         */
        UDP_SIGIO_SERVER,
        /**
         * The traced pre-forking server ({@link #args}: the port, then N): once it listens, its parent has ended
         * and N children are blocked in accept(), one untraced C partner client per word, each run to its end and
         * followed by every child back in accept(); then each child gets SIGTERM by its pid.
         */
        TCP_PREFORKED_SERVER,
        /** The traced program with {@link #args} as given (no port, no partner): a usage error, run to its end. */
        USAGE,
        /** The traced program with {@link #args} as given (no port, no partner), run to its end: a look-up. */
        RUN
    }

    /** As given on the command line. */
    public final String id;
    /** The traced program, by the C build's name (relative to native/build). */
    public final String program;
    public final String description;
    final Play play;
    /** The untraced C program played against it (relative to native/build), or null. */
    final String partner;
    /** The partner's arguments. */
    final List<String> partnerArgs;
    /** The traced program's arguments. */
    final List<String> args;
    /** The inputs: the word each client sends, in order. */
    final List<String> words;
    /**
     * Played in a network namespace of its own holding only lo, with a multicast route on it
     * ({@link LoopbackNamespace}): the traced program (strace too) and its partner both run in it.
     */
    final boolean namespace;
    /** Calls traced beyond {@link TracedRun#TRACED} (strace's -e trace syntax), "" for none: the signal calls. */
    final String traced;
    /**
     * Null, or the signal (strace's name) whose first handler starts the program's story (rule
     * program-thread), for a program that catches it before any socket call; {@link Play#SIGNALLED} sends it.
     */
    final String handlerSignal;

    Scenario(String id, String program, Play play, String partner, List<String> partnerArgs, List<String> args,
             List<String> words, String description) {
        this(id, program, play, partner, partnerArgs, args, words, false, description);
    }

    Scenario(String id, String program, Play play, String partner, List<String> partnerArgs, List<String> args,
             List<String> words, boolean namespace, String description) {
        this(id, program, play, partner, partnerArgs, args, words, namespace, description, "", null);
    }

    private Scenario(String id, String program, Play play, String partner, List<String> partnerArgs, List<String> args,
                     List<String> words, boolean namespace, String description, String traced, String handlerSignal) {
        this.traced = traced;
        this.handlerSignal = handlerSignal;
        this.namespace = namespace;
        this.id = id;
        this.program = program;
        this.play = play;
        this.partner = partner;
        this.partnerArgs = List.copyOf(partnerArgs);
        this.args = List.copyOf(args);
        this.words = List.copyOf(words);
        this.description = description;
    }

    /**
     * This scenario with the signal calls traced too ({@link #SIGNAL_CALLS}), and, when {@code handlerSignal} is not
     * null, its story anchored at the first handler installed for that signal.
     */
    Scenario withSignals(String handlerSignal) {
        return new Scenario(id, program, play, partner, partnerArgs, args, words, namespace, description, SIGNAL_CALLS,
                handlerSignal);
    }

    /** This scenario with {@code calls} (strace's -e trace syntax) traced too. */
    Scenario withCalls(String calls) {
        return new Scenario(id, program, play, partner, partnerArgs, args, words, namespace, description, calls,
                handlerSignal);
    }

    /** The epoll calls, for the epoll server: compared as C makes them (rule fd-names names their descriptors). */
    static final String EPOLL_CALLS = "epoll_create1,epoll_ctl,epoll_wait,epoll_pwait";

    /**
     * The signal calls: strace's %signal (rt_sigaction, rt_sigprocmask, rt_sigreturn, pause, kill, tgkill, ...) and
     * alarm. Only for the programs that catch signals: in the others, the JVM's threads make many of these, and
     * none is on the program's thread after its first socket.
     */
    static final String SIGNAL_CALLS = "%signal,alarm";

    private static final List<String> SERVER_ARGS = List.of(PORT);
    private static final List<String> CLIENT_ARGS = List.of("127.0.0.1", WORD, PORT);
    private static final List<String> THREE = List.of("alpha", "beta", "gamma");
    private static final List<String> HELLO = List.of("hello");

    public static final Scenario CLIENT = new Scenario("client", "TCPEchoClient", Play.TCP_CLIENT,
            "TCPEchoServer", SERVER_ARGS, CLIENT_ARGS, HELLO,
            "the client sends one word to the C TCPEchoServer (untraced) and prints the echo");
    public static final Scenario ITERATIVE_SERVER = new Scenario("iterative-server", "TCPEchoServer",
            Play.TCP_ITERATIVE_SERVER, "TCPEchoClient", CLIENT_ARGS, SERVER_ARGS, THREE,
            "three C clients (untraced) one after the other; the server is ended with SIGTERM while in accept()");
    public static final Scenario FORK_SERVER = new Scenario("fork-server", "TCPEchoServer-Fork", Play.TCP_FORK_SERVER,
            null, List.of(), SERVER_ARGS, THREE,
            "three clients one after the other; parent and each child compared; each client sends its word only "
                    + "once the parent is back in accept(), and the next comes once the child's SIGCHLD was delivered");
    public static final Scenario CONNECTION_REFUSED = new Scenario("connection-refused", "TCPEchoClient",
            Play.REFUSED_CLIENT, null, List.of(), CLIENT_ARGS, HELLO,
            "the client connects to a loopback port where nothing listens");
    public static final Scenario BIND_IN_USE = new Scenario("bind-in-use", "TCPEchoServer", Play.BIND_IN_USE,
            null, List.of(), SERVER_ARGS, List.of(), "the server binds a port another socket already listens on");
    public static final Scenario BIND_IN_USE_FORK = new Scenario("bind-in-use-fork", "TCPEchoServer-Fork",
            Play.BIND_IN_USE, null, List.of(), SERVER_ARGS, List.of(),
            "the fork server binds a port another socket already listens on");
    public static final Scenario SERVER_CLOSES_EARLY = new Scenario("server-closes-early", "TCPEchoClient",
            Play.SERVER_CLOSES_EARLY, null, List.of(), CLIENT_ARGS, HELLO,
            "the client's server (a helper) reads the word and closes without echoing it");
    public static final Scenario USAGE_CLIENT = new Scenario("usage-client", "TCPEchoClient", Play.USAGE, null,
            List.of(), List.of("127.0.0.1"), List.of(), "the client with one argument: usage message, exit status 1");
    public static final Scenario USAGE_SERVER = new Scenario("usage-server", "TCPEchoServer", Play.USAGE, null,
            List.of(), List.of(), List.of(), "the server with no argument: usage message, exit status 1");
    public static final Scenario USAGE_FORK_SERVER = new Scenario("usage-fork-server", "TCPEchoServer-Fork", Play.USAGE,
            null, List.of(), List.of("7", "7"), List.of(), "the fork server with two arguments: usage message, exit status 1");
    // UDP, 1st and 2nd edition: listed as "not built" until their programs exist in native/build and echo/bin
    public static final Scenario UDP_CLIENT = new Scenario("udp-client", "UDPEchoClient", Play.UDP_CLIENT,
            "UDPEchoServer", SERVER_ARGS, CLIENT_ARGS, HELLO,
            "the UDP client sends one word to the C UDPEchoServer (untraced) and prints the echo");
    public static final Scenario UDP_SERVER = new Scenario("udp-server", "UDPEchoServer", Play.UDP_SERVER, null,
            List.of(), SERVER_ARGS, THREE,
            "three datagrams (untraced client), each echoed before the next; the server is ended with SIGTERM in recvfrom()");
    public static final Scenario ED2_UDP_CLIENT = new Scenario("ed2-udp-client", "ed2/UDPEchoClient", Play.UDP_CLIENT,
            "ed2/UDPEchoServer", SERVER_ARGS, List.of("127.0.0.1", WORD, PORT), HELLO,
            "2nd edition (getaddrinfo): the UDP client sends one word to the C server (untraced) and prints the echo");
    public static final Scenario ED2_UDP_SERVER = new Scenario("ed2-udp-server", "ed2/UDPEchoServer", Play.UDP_SERVER,
            null, List.of(), SERVER_ARGS, THREE,
            "2nd edition (getaddrinfo): three datagrams, each echoed before the next; SIGTERM in recvfrom()");

    // TCP, 2nd edition: the IPv4-only and IPv6-only programs, and the getaddrinfo ones over "localhost"
    public static final Scenario ED2_TCP_CLIENT4 = new Scenario("ed2-tcp-client4", "ed2/TCPEchoClient4",
            Play.TCP_CLIENT, "ed2/TCPEchoServer4", SERVER_ARGS, CLIENT_ARGS, HELLO,
            "2nd edition, IPv4 only: the client sends one word over 127.0.0.1 to the C TCPEchoServer4 (untraced)");
    public static final Scenario ED2_TCP_SERVER4 = new Scenario("ed2-tcp-server4", "ed2/TCPEchoServer4",
            Play.TCP_ITERATIVE_SERVER, "ed2/TCPEchoClient4", CLIENT_ARGS, SERVER_ARGS, HELLO,
            "2nd edition, IPv4 only: one C TCPEchoClient4 (untraced) over 127.0.0.1; SIGTERM in accept()");
    public static final Scenario ED2_TCP_SERVER6 = new Scenario("ed2-tcp-server6", "ed2/TCPEchoServer6",
            Play.TCP_ITERATIVE_SERVER, "ed2/TCPEchoClient", List.of("::1", WORD, PORT), SERVER_ARGS, HELLO,
            "2nd edition, IPv6: one C TCPEchoClient (untraced) over ::1; SIGTERM in accept()");
    public static final Scenario ED2_TCP_CLIENT = new Scenario("ed2-tcp-client", "ed2/TCPEchoClient",
            Play.TCP_CLIENT, "ed2/TCPEchoServer", SERVER_ARGS, List.of("localhost", WORD, PORT), HELLO,
            "2nd edition (getaddrinfo): the client looks up localhost and sends one word to the C TCPEchoServer "
                    + "(untraced)");
    public static final Scenario ED2_TCP_SERVER = new Scenario("ed2-tcp-server", "ed2/TCPEchoServer",
            Play.TCP_ITERATIVE_SERVER, "ed2/TCPEchoClient", List.of("localhost", WORD, PORT), SERVER_ARGS, HELLO,
            "2nd edition (getaddrinfo, AI_PASSIVE): one C TCPEchoClient (untraced) to localhost; SIGTERM in accept()");
    // GetAddrInfo opens no socket of its own: what libc's look-up does on its thread and what it prints are compared
    public static final Scenario ED2_GETADDRINFO = new Scenario("ed2-getaddrinfo", "ed2/GetAddrInfo", Play.RUN, null,
            List.of(), List.of("localhost", "7"), List.of(),
            "2nd edition: GetAddrInfo localhost 7, to its end: the lines printed and the exit status (no socket; "
                    + "see docs/strace.md)");
    public static final Scenario ED2_GETADDRINFO_V6 = new Scenario("ed2-getaddrinfo-v6", "ed2/GetAddrInfo", Play.RUN,
            null, List.of(), List.of("::1", "echo"), List.of(),
            "2nd edition: GetAddrInfo ::1 echo (numeric, one result: no socket at all): the lines printed and the "
                    + "exit status");
    // broadcast over loopback's broadcast address; multicast in a network namespace of its own
    private static final String BROADCAST = "127.255.255.255";
    private static final String GROUP = "239.255.42.99";
    public static final Scenario BROADCAST_SENDER = new Scenario("broadcast-sender", "BroadcastSender",
            Play.UDP_SENDER, "BroadcastReceiver", List.of(PORT), List.of(BROADCAST, PORT, WORD), HELLO,
            "the sender broadcasts to 127.255.255.255 where a C BroadcastReceiver (untraced) waits; SIGTERM after "
                    + "its first sendto(), in sleep()");
    public static final Scenario BROADCAST_RECEIVER = new Scenario("broadcast-receiver", "BroadcastReceiver",
            Play.UDP_RECEIVER, "BroadcastSender", List.of(BROADCAST, PORT, WORD), List.of(PORT), HELLO,
            "the receiver, blocked in recvfrom(), gets one datagram of a C BroadcastSender (untraced) and prints it");
    public static final Scenario MULTICAST_SENDER = new Scenario("multicast-sender", "MulticastSender",
            Play.UDP_SENDER, "MulticastReceiver", List.of(GROUP, PORT), List.of(GROUP, PORT, WORD), HELLO, true,
            "in a network namespace: the sender sends to group 239.255.42.99 that a C MulticastReceiver (untraced) "
                    + "joined; SIGTERM after its first sendto(), in sleep()");
    public static final Scenario MULTICAST_RECEIVER = new Scenario("multicast-receiver", "MulticastReceiver",
            Play.UDP_RECEIVER, "MulticastSender", List.of(GROUP, PORT, WORD), List.of(GROUP, PORT), HELLO, true,
            "in a network namespace: the receiver joins 239.255.42.99 and prints one datagram of a C MulticastSender "
                    + "(untraced)");
    public static final Scenario USAGE_UDP_CLIENT = new Scenario("usage-udp-client", "UDPEchoClient", Play.USAGE,
            null, List.of(), List.of("127.0.0.1"), List.of(), "the UDP client with one argument: usage message, exit status 1");
    public static final Scenario USAGE_ED2_CLIENT4 = new Scenario("usage-ed2-client4", "ed2/TCPEchoClient4",
            Play.USAGE, null, List.of(), List.of(), List.of(),
            "2nd edition's TCPEchoClient4 with no argument: DieWithUserMessage's line, exit status 1");
    public static final Scenario USAGE_BROADCAST_SENDER = new Scenario("usage-broadcast-sender", "BroadcastSender",
            Play.USAGE, null, List.of(), List.of(BROADCAST, "9"), List.of(),
            "the broadcast sender with two arguments: usage message, exit status 1");

    // the vote protocol (2nd edition), each pairing: text with a newline after each message (VoteClientTCP,
    // VoteServerTCP) and binary with a 2-byte length in front (-bin); over fdopen()'s stdio streams, so
    // what goes out is a write() of stdio's buffer at fflush(), and what comes in a read() into it
    private static final String CANDIDATE = "7";
    private static final List<String> VOTE_CLIENT_ARGS = List.of("127.0.0.1", PORT, WORD);
    private static final List<String> INQUIRY_CLIENT_ARGS = List.of("127.0.0.1", PORT, WORD, "I");
    /** The server's two clients: a vote for the candidate, then an inquiry of its count. */
    private static final List<String> VOTE_THEN_INQUIRY = List.of(CANDIDATE, CANDIDATE + " I");
    public static final Scenario ED2_VOTE_CLIENT = new Scenario("ed2-vote-client", "ed2/VoteClientTCP",
            Play.TCP_CLIENT, "ed2/VoteServerTCP", SERVER_ARGS, VOTE_CLIENT_ARGS, List.of(CANDIDATE),
            "vote protocol, text and newlines: the client votes for candidate 7 at the C VoteServerTCP (untraced) and "
                    + "prints the count");
    public static final Scenario ED2_VOTE_INQUIRY = new Scenario("ed2-vote-inquiry", "ed2/VoteClientTCP",
            Play.TCP_CLIENT, "ed2/VoteServerTCP", SERVER_ARGS, INQUIRY_CLIENT_ARGS, List.of(CANDIDATE),
            "vote protocol, text and newlines: the client asks the C VoteServerTCP (untraced) for candidate 7's count");
    public static final Scenario ED2_VOTE_SERVER = new Scenario("ed2-vote-server", "ed2/VoteServerTCP",
            Play.TCP_ITERATIVE_SERVER, "ed2/VoteClientTCP", List.of("127.0.0.1", PORT, WORDS), SERVER_ARGS,
            VOTE_THEN_INQUIRY,
            "vote protocol, text and newlines: a C VoteClientTCP (untraced) votes for 7, another asks for 7's count; "
                    + "SIGTERM in accept()");
    public static final Scenario ED2_VOTE_CLIENT_BIN = new Scenario("ed2-vote-client-bin", "ed2/VoteClientTCP-bin",
            Play.TCP_CLIENT, "ed2/VoteServerTCP-bin", SERVER_ARGS, VOTE_CLIENT_ARGS, List.of(CANDIDATE),
            "vote protocol, binary and length prefix: the client votes for candidate 7 at the C VoteServerTCP-bin "
                    + "(untraced) and prints the count");
    public static final Scenario ED2_VOTE_INQUIRY_BIN = new Scenario("ed2-vote-inquiry-bin", "ed2/VoteClientTCP-bin",
            Play.TCP_CLIENT, "ed2/VoteServerTCP-bin", SERVER_ARGS, INQUIRY_CLIENT_ARGS, List.of(CANDIDATE),
            "vote protocol, binary and length prefix: the client asks the C VoteServerTCP-bin (untraced) for "
                    + "candidate 7's count");
    public static final Scenario ED2_VOTE_SERVER_BIN = new Scenario("ed2-vote-server-bin", "ed2/VoteServerTCP-bin",
            Play.TCP_ITERATIVE_SERVER, "ed2/VoteClientTCP-bin", List.of("127.0.0.1", PORT, WORDS), SERVER_ARGS,
            VOTE_THEN_INQUIRY,
            "vote protocol, binary and length prefix: a C VoteClientTCP-bin (untraced) votes for 7, another asks for "
                    + "7's count; SIGTERM in accept()");
    public static final Scenario USAGE_ED2_VOTE_CLIENT = new Scenario("usage-ed2-vote-client", "ed2/VoteClientTCP",
            Play.USAGE, null, List.of(), List.of("127.0.0.1", "7"), List.of(),
            "the vote client (text) with two arguments: DieWithUserMessage's line, exit status 1");
    public static final Scenario USAGE_ED2_VOTE_CLIENT_BIN = new Scenario("usage-ed2-vote-client-bin",
            "ed2/VoteClientTCP-bin", Play.USAGE, null, List.of(), List.of("127.0.0.1", "7"), List.of(),
            "the vote client (binary) with two arguments: DieWithUserMessage's line, exit status 1");

    // the thread-per-client and the select() servers: a thread each client, several ports and stdin in one select()
    private static final List<String> TWO = List.of("alpha", "beta");
    public static final Scenario THREAD_SERVER = new Scenario("thread-server", "TCPEchoServer-Thread",
            Play.TCP_THREAD_SERVER, "TCPEchoClient", CLIENT_ARGS, SERVER_ARGS, TWO,
            "two C clients (untraced) one after the other, each served by a thread of its own (compared as the C "
                    + "thread, clone flags included); SIGTERM in accept()");
    public static final Scenario SELECT_SERVER = new Scenario("select-server", "TCPEchoServer-Select",
            Play.TCP_SELECT_SERVER, "TCPEchoClient", CLIENT_ARGS, List.of("60", PORT, PORT2), TWO,
            "select() over two ports and stdin (60 s timeout): a C client (untraced) to each port in turn, then a "
                    + "line on stdin: it shuts down, exit status 0");
    public static final Scenario SELECT_SERVER_TIMEOUT = new Scenario("select-server-timeout", "TCPEchoServer-Select",
            Play.TCP_SELECT_SERVER, "TCPEchoClient", CLIENT_ARGS, List.of("1", PORT, PORT2), List.of(),
            "select() with a 1 s timeout: once it has timed out once (\"still alive\"), a line on stdin: it shuts "
                    + "down, exit status 0");
    public static final Scenario USAGE_THREAD_SERVER = new Scenario("usage-thread-server", "TCPEchoServer-Thread",
            Play.USAGE, null, List.of(), List.of(), List.of(),
            "the thread server with no argument: usage message, exit status 1");
    public static final Scenario USAGE_SELECT_SERVER = new Scenario("usage-select-server", "TCPEchoServer-Select",
            Play.USAGE, null, List.of(), List.of("1"), List.of(),
            "the select server with a timeout and no port: usage message, exit status 1");
    // signals (1st edition): a handler installed with sigaction, its sa_mask compared as C gives it
    public static final Scenario SIGACTION = new Scenario("sigaction", "SigAction", Play.SIGNALLED, null, List.of(),
            List.of(), List.of(),
            "the program catches SIGINT and waits in pause(); SIGINT by pid: the handler prints and exits with 1 "
                    + "(compared from the first rt_sigaction)").withSignals("SIGINT");
    public static final Scenario UDP_TIMEOUT_SILENT = new Scenario("udp-timeout-silent", "UDPEchoClient-Timeout",
            Play.UDP_SILENT_PEER, null, List.of(), CLIENT_ARGS, HELLO,
            "the UDP client against a peer that never answers: 5 alarms, recvfrom interrupted (EINTR) 5 times, "
                    + "4 resends, \"No Response\", exit status 1").withSignals(null);
    public static final Scenario UDP_TIMEOUT_ECHO = new Scenario("udp-timeout-echo", "UDPEchoClient-Timeout",
            Play.UDP_CLIENT, "UDPEchoServer", SERVER_ARGS, CLIENT_ARGS, HELLO,
            "the UDP client against the C UDPEchoServer (untraced): alarm(2), the echo, alarm(0)").withSignals(null);
    public static final Scenario UDP_SIGIO_SERVER = new Scenario("udp-sigio-server", "UDPEchoServer-SIGIO",
            Play.UDP_SIGIO_SERVER, null, List.of(), SERVER_ARGS, THREE,
            "three datagrams, each sent while main sleeps: SIGIO, the handler's recvfrom/sendto until EAGAIN, "
                    + "sleep() ended early; SIGTERM in sleep()").withSignals(null);
    public static final Scenario PREFORKED_SERVER = new Scenario("preforked-server", "TCPEchoServer-ForkN",
            Play.TCP_PREFORKED_SERVER, "TCPEchoClient", CLIENT_ARGS, List.of(PORT, "2"), List.of("hello", "hello"),
            "2 children forked up front, the parent exits; two C clients (untraced) one after the other, each "
                    + "served by one child; SIGTERM to each child in accept()");
    // the fork server that reaps in a SIGCHLD handler (SA_RESTART): rt_sigaction(SIGCHLD) after listen(), and in
    // the parent, after each child's SIGCHLD, the handler's wait4 calls (one reaped, then ECHILD) and its rt_sigreturn
    public static final Scenario FORK_SIGCHLD_SERVER = new Scenario("fork-sigchld-server", "TCPEchoServer-Fork-SIGCHLD",
            Play.TCP_FORK_SERVER, null, List.of(), SERVER_ARGS, THREE,
            "three clients one after the other, sequenced as fork-server's; the SIGCHLD handler reaps each child "
                    + "while the parent is in accept(), which SA_RESTART restarts; SIGTERM in accept()").withSignals(null);
    public static final Scenario BIND_IN_USE_FORK_SIGCHLD = new Scenario("bind-in-use-fork-sigchld",
            "TCPEchoServer-Fork-SIGCHLD", Play.BIND_IN_USE, null, List.of(), SERVER_ARGS, List.of(),
            "the SIGCHLD fork server binds a port another socket already listens on: no handler installed")
            .withSignals(null);
    public static final Scenario USAGE_FORK_SIGCHLD_SERVER = new Scenario("usage-fork-sigchld-server",
            "TCPEchoServer-Fork-SIGCHLD", Play.USAGE, null, List.of(), List.of(), List.of(),
            "the SIGCHLD fork server with no argument: usage message, exit status 1");

    // beyond the book: one thread, one epoll instance, non-blocking sockets
    public static final Scenario EPOLL_SERVER = new Scenario("epoll-server", "EpollEchoServer", Play.TCP_EPOLL_SERVER,
            "TCPEchoClient", CLIENT_ARGS, SERVER_ARGS, THREE,
            "three C clients (untraced) one after the other, served through epoll_ctl/epoll_wait (traced, their "
                    + "descriptors by name); SIGTERM in epoll_wait()").withCalls(EPOLL_CALLS);
    public static final Scenario BIND_IN_USE_EPOLL = new Scenario("bind-in-use-epoll", "EpollEchoServer",
            Play.BIND_IN_USE, null, List.of(), SERVER_ARGS, List.of(),
            "the epoll server binds a port another socket already listens on").withCalls(EPOLL_CALLS);
    public static final Scenario USAGE_EPOLL_SERVER = new Scenario("usage-epoll-server", "EpollEchoServer", Play.USAGE,
            null, List.of(), List.of(), List.of(), "the epoll server with no argument: usage message, exit status 1");

    /** Every scenario, in the order --all runs them. */
    static final List<Scenario> ALL = List.of(CLIENT, ITERATIVE_SERVER, FORK_SERVER, CONNECTION_REFUSED, BIND_IN_USE,
            BIND_IN_USE_FORK, SERVER_CLOSES_EARLY, USAGE_CLIENT, USAGE_SERVER, USAGE_FORK_SERVER,
            UDP_CLIENT, UDP_SERVER, ED2_UDP_CLIENT, ED2_UDP_SERVER,
            ED2_TCP_CLIENT4, ED2_TCP_SERVER4, ED2_TCP_SERVER6, ED2_TCP_CLIENT, ED2_TCP_SERVER,
            ED2_GETADDRINFO, ED2_GETADDRINFO_V6, BROADCAST_SENDER, BROADCAST_RECEIVER, MULTICAST_SENDER,
            MULTICAST_RECEIVER, USAGE_UDP_CLIENT, USAGE_ED2_CLIENT4, USAGE_BROADCAST_SENDER,
            ED2_VOTE_CLIENT, ED2_VOTE_INQUIRY, ED2_VOTE_SERVER, ED2_VOTE_CLIENT_BIN, ED2_VOTE_INQUIRY_BIN,
            ED2_VOTE_SERVER_BIN, USAGE_ED2_VOTE_CLIENT, USAGE_ED2_VOTE_CLIENT_BIN,
            THREAD_SERVER, SELECT_SERVER, SELECT_SERVER_TIMEOUT, USAGE_THREAD_SERVER, USAGE_SELECT_SERVER,
            SIGACTION, UDP_TIMEOUT_SILENT, UDP_TIMEOUT_ECHO, PREFORKED_SERVER, UDP_SIGIO_SERVER,
            EPOLL_SERVER, BIND_IN_USE_EPOLL, USAGE_EPOLL_SERVER,
            FORK_SIGCHLD_SERVER, BIND_IN_USE_FORK_SIGCHLD, USAGE_FORK_SIGCHLD_SERVER);

    public static List<Scenario> values() {
        return ALL;
    }

    /** The scenario called {@code id}, or null. */
    public static Scenario byId(String id) {
        return ALL.stream().filter(s -> s.id.equals(id)).findFirst().orElse(null);
    }

    public static List<String> ids() {
        return ALL.stream().map(s -> s.id).toList();
    }

    /** The programs a scenario needs, by their C names: the traced one, then the partner. */
    List<String> programs() {
        return partner == null ? List.of(program) : List.of(program, partner);
    }

    /**
     * What is missing under {@code root} to run this scenario: the traced program and the partner in
     * native/build, and the traced program's launcher in echo/bin (empty: it can run).
     */
    List<String> missing(Path root) {
        List<String> out = new ArrayList<>();
        for (String p : programs()) {
            if (!Files.isExecutable(Build.C.programPath(root, p))) {
                out.add(Build.C.program(p));
            }
        }
        if (!Files.isExecutable(Build.JAVA.programPath(root, program))) {
            out.add(Build.JAVA.program(program));
        }
        return out;
    }

    /** The arguments with the port and the word filled in ({@link #WORDS}: the word's blank-separated parts). */
    static List<String> fill(List<String> template, int port, String word) {
        return template.stream().flatMap(a -> a.equals(WORDS) ? Arrays.stream(word.trim().split(" +"))
                : Stream.of(a.equals(PORT) ? String.valueOf(port) : a.equals(WORD) ? word : a)).toList();
    }

    /** The program's file name: what it is run as, {@code ./NAME}, from its directory. */
    static String fileName(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }

    /** The program's subdirectory in a build ("" or "ed2"). */
    static String subdir(String program) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? "" : program.substring(0, slash);
    }
}
