package com.servicehub.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * REST controllers are plain imperative code (JDBC, thread-bound transactions). WebFlux runs
 * every controller method that does not return a reactive type on this bounded pool, so the
 * Netty event loops, which also carry every WebSocket, never block on the database.
 */
@Configuration(proxyBeanMethods = false)
class BlockingExecutionConfiguration implements WebFluxConfigurer {

    private final WebProperties properties;

    BlockingExecutionConfiguration(WebProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("rest-");
        executor.setCorePoolSize(properties.blockingThreads());
        executor.setMaxPoolSize(properties.blockingThreads());
        executor.setQueueCapacity(properties.blockingQueue());
        executor.setAllowCoreThreadTimeOut(true);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.initialize();
        configurer.setExecutor(executor);
    }

    /**
     * @param blockingThreads threads that run REST controller methods
     * @param blockingQueue requests that may wait for one of them before new ones are refused
     */
    @ConfigurationProperties("servicehub.web")
    record WebProperties(int blockingThreads, int blockingQueue) {

        WebProperties {
            blockingThreads = blockingThreads > 0 ? blockingThreads : 64;
            blockingQueue = blockingQueue > 0 ? blockingQueue : 10_000;
        }
    }
}
