// Plain Kotlin: the api has no Android or generated types, so it is a JVM module.
plugins {
    alias(libs.plugins.kotlin.jvm)
}

kotlin {
    jvmToolchain(17)
}
