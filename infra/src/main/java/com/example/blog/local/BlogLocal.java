package com.example.blog.local;

import com.example.blog.local.bench.BenchArguments;
import com.example.blog.local.dataapi.DataApiCommand;
import com.example.blog.local.sql.SqlCommand;
import com.example.blog.local.stack.InvokeCommand;
import com.example.blog.local.stack.StartApiCommand;
import com.example.blog.local.stack.TokenCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Entry point of {@code blog-local.jar}: runs the blog's functions and the AWS endpoints they need, locally. */
@Command(name = "java -jar infra/target/blog-local.jar",
        description = "Runs the blog's functions and the AWS endpoints they need, on this machine.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {StartApiCommand.class, InvokeCommand.class, DataApiCommand.class, TokenCommand.class,
                BenchArguments.class, SqlCommand.class})
public final class BlogLocal implements Runnable {

    @Mixin
    Cli.HelpOption help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.execute(new BlogLocal(), args));
    }

    /** No command given: the usage, and a failing status, since nothing was done. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required, one of"
                + " start-api, invoke, data-api, token, sql, bench");
    }
}
