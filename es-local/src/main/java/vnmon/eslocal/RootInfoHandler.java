package vnmon.eslocal;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.List;
import java.util.function.Supplier;

/**
 * `GET /` and `HEAD /`: the node banner clients read in `info()` and `ping()`.
 *
 * <p>Stock ES serves these from its rest-root module, which is not published on Maven Central.
 */
final class RootInfoHandler extends BaseRestHandler {
    private final Supplier<ClusterService> clusterService;

    RootInfoHandler(Supplier<ClusterService> clusterService) {
        this.clusterService = clusterService;
    }

    @Override
    public String getName() {
        return "vnmon_root_info";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        if (request.method() == RestRequest.Method.HEAD) {
            return channel -> channel.sendResponse(new RestResponse(RestStatus.OK, RestResponse.TEXT_CONTENT_TYPE, BytesArray.EMPTY));
        }
        return channel -> {
            XContentBuilder body = channel.newBuilder();
            writeBanner(body);
            channel.sendResponse(new RestResponse(RestStatus.OK, body));
        };
    }

    private void writeBanner(XContentBuilder body) throws java.io.IOException {
        ClusterService service = clusterService.get();
        ClusterState state = service.state();
        Build build = Build.current();
        body.startObject();
        body.field("name", service.getNodeName());
        body.field("cluster_name", service.getClusterName().value());
        body.field("cluster_uuid", state.metadata().clusterUUID());
        body.startObject("version");
        body.field("number", build.qualifiedVersion());
        // A real distribution says "default"; clients only compare it against "default".
        body.field("build_flavor", "default");
        body.field("build_type", build.type().displayName());
        body.field("build_hash", build.hash());
        body.field("build_date", build.date());
        body.field("build_snapshot", build.isSnapshot());
        body.field("lucene_version", IndexVersion.current().luceneVersion().toString());
        body.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
        body.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
        body.endObject();
        body.field("tagline", "You Know, for Search");
        body.endObject();
    }
}
