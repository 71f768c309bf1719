// The Android build: the same api/ffi/impl/ui modules Maven builds for the JVM, plus the app.
// It needs the Android SDK and NDK, cargo-ndk and Gradle, none of which exist on the CI machine;
// see README.md for what is built where.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "cunxin"
include(":libraries:core:api", ":libraries:core:ffi", ":libraries:core:impl", ":ui", ":app")
