package org.elasticsearch.plugins;

import org.elasticsearch.common.settings.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plugins service that loads a fixed list of plugin classes from the class path.
 *
 * <p>It lives in ES's package because {@code LoadedPlugin} and {@code loadPlugin} are package-private;
 * the stock service only loads plugins from bundle directories, which Maven Central does not ship.
 */
public final class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(
        Settings settings,
        Path configPath,
        PluginsLoader emptyLoader,
        List<Class<? extends Plugin>> pluginClasses
    ) {
        super(settings, configPath, emptyLoader);
        List<LoadedPlugin> loaded = new ArrayList<>(pluginClasses.size());
        ClassLoader loader = ClasspathPluginsService.class.getClassLoader();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin instance = loadPlugin(pluginClass, settings, configPath);
            loaded.add(new LoadedPlugin(describe(pluginClass), instance, loader));
        }
        classpathPlugins = Collections.unmodifiableList(loaded);
    }

    private static PluginDescriptor describe(Class<? extends Plugin> pluginClass) {
        return new PluginDescriptor(
            pluginClass.getName(),
            "loaded from the class path by vnmon es-local",
            "NA",
            org.elasticsearch.Build.current().version(),
            "21",
            pluginClass.getName(),
            null,
            List.of(),
            false,
            false,
            false,
            false,
            PluginDescriptor.DeploymentTarget.ALL
        );
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }
}
